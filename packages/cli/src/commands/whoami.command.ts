import { defineCommand } from '../command.js';

export const whoami = defineCommand({
  path: 'whoami',
  summary: 'Show the backend in use and who you are',
  usage: '',
  examples: ['strata whoami', 'strata whoami --output json'],
  output: true,
  flags: {
    verbose: {
      type: 'boolean',
      short: 'v',
      description: 'also show where each setting came from',
    },
  },
});
