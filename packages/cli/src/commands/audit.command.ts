import { defineCommand } from '../command.js';

export const audit = defineCommand({
  path: 'audit',
  summary: 'Show the audit log',
  usage: '[<ref>]',
  firstArgIsRef: true,
  examples: [
    'strata audit',
    'strata audit myproj/dev --since 2024-01-01',
    'strata audit --actor jane --action open,decrypt',
    'strata audit --output json',
  ],
  output: true,
  flags: {
    since: {
      type: 'string',
      description: 'only events at or after this time (ISO 8601)',
      placeholder: 'time',
    },
    until: {
      type: 'string',
      description: 'only events before this time (ISO 8601)',
      placeholder: 'time',
    },
    actor: {
      type: 'string',
      description: 'only events of this user (team:<t> or org:<o> for their tokens)',
      placeholder: 'login',
    },
    action: {
      type: 'string',
      description: 'only these actions, comma-separated (open,decrypt,grant,...)',
      placeholder: 'actions',
    },
    limit: {
      type: 'string',
      description: 'at most this many events (default 100)',
      placeholder: 'n',
    },
  },
});
