import { defineCommand } from '../command.js';
import { YES } from '../shared-flags.js';

export const teamRm = defineCommand({
  path: 'team rm',
  summary: "Delete a team, its grants and its tokens (an admin's command)",
  usage: '<name>',
  examples: ['strata team rm payments --yes'],
  flags: { yes: YES },
});
