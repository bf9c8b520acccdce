import { defineCommand } from '../command.js';

export const audit = defineCommand({
  path: 'audit',
  summary: 'Show the audit log',
  usage: '[<ref>]',
  firstArgIsRef: true,
  examples: [
    'strata audit',
    'strata audit myproj/dev --since 2024-01-01',
    'strata audit --output json',
  ],
  output: true,
  flags: {
    since: {
      type: 'string',
      description: 'only events at or after this time (ISO 8601)',
      placeholder: 'time',
    },
    limit: {
      type: 'string',
      description: 'at most this many events (default 100)',
      placeholder: 'n',
    },
  },
});
