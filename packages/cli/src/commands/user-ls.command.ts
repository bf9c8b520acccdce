import { defineCommand } from '../command.js';

export const userLs = defineCommand({
  path: 'user ls',
  summary: 'List the users of the organization and their roles',
  usage: '',
  examples: ['strata user ls'],
  output: true,
});
