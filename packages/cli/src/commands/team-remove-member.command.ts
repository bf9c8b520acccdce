import { defineCommand } from '../command.js';

export const teamRemoveMember = defineCommand({
  path: 'team remove-member',
  summary: 'Remove a member from a team',
  usage: '<team> <login>',
  examples: ['strata team remove-member identity jane'],
});
