import { defineCommand } from '../command.js';

export const teamCreate = defineCommand({
  path: 'team create',
  summary: "Create a team in the organization (an admin's command)",
  usage: '<name>',
  examples: ['strata team create identity --description "Identity and access"'],
  output: true,
  flags: {
    description: { type: 'string', description: 'what the team is for', placeholder: 'text' },
    'display-name': {
      type: 'string',
      description: 'the name shown (default: the name)',
      placeholder: 'text',
    },
  },
});
