import { defineCommand } from '../command.js';
import { UTC } from '../shared-flags.js';

export const envVersionHistory = defineCommand({
  path: 'env version history',
  summary: 'List revisions, newest first',
  usage: '<ref>[@version]',
  firstArgIsRef: true,
  examples: [
    'strata env version history myproj/dev',
    'strata env version history myproj/dev@5 --output json',
  ],
  output: true,
  flags: { utc: UTC },
});
