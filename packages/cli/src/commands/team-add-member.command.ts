import { defineCommand } from '../command.js';

export const teamAddMember = defineCommand({
  path: 'team add-member',
  summary: 'Add a member of the organization to a team (as a team admin with --admin)',
  usage: '<team> <login>',
  examples: [
    'strata team add-member identity jane',
    'strata team add-member identity jane --admin',
  ],
  flags: {
    admin: {
      type: 'boolean',
      description: 'make them an admin of the team (they manage its members and grants)',
    },
  },
});
