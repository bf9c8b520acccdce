import { defineCommand } from '../command.js';

export const envAccessLs = defineCommand({
  path: 'env access ls',
  summary: 'Show who holds what on an environment, and why (its admins may)',
  usage: '<[org/]project/env>',
  examples: ['strata env access ls common/aws', 'strata env access ls common/aws --output json'],
  output: true,
});
