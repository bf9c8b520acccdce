import { defineCommand } from '../command.js';

export const keysStatus = defineCommand({
  path: 'keys status',
  summary: 'Show the master key in use and which master key wraps each data key',
  usage: '',
  examples: ['strata keys status', 'strata keys status --output json'],
  output: true,
});
