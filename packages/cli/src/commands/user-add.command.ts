import { defineCommand } from '../command.js';

export const userAdd = defineCommand({
  path: 'user add',
  summary: 'Add a user to the organization (an admin command); prints their first token once',
  usage: '<login>',
  examples: ['strata user add jane --name "Jane Doe"', 'strata user add ops --role admin'],
  output: true,
  flags: {
    name: { type: 'string', description: 'the display name', placeholder: 'name' },
    role: {
      type: 'string',
      description: 'the role in the organization (default: member)',
      placeholder: 'member|admin',
      choices: ['member', 'admin'],
    },
  },
});
