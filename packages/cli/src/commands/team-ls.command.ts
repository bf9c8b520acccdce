import { defineCommand } from '../command.js';

export const teamLs = defineCommand({
  path: 'team ls',
  summary: 'List the teams of the organization, their members and grants',
  usage: '',
  examples: ['strata team ls', 'strata team ls --output json'],
  output: true,
});
