import { defineCommand } from '../command.js';
import { UTC } from '../shared-flags.js';

export const envTagMv = defineCommand({
  path: 'env tag mv',
  summary: 'Rename an environment tag, optionally changing its value',
  usage: '<ref> <name> <new-name> [new-value]',
  firstArgIsRef: true,
  examples: [
    'strata env tag mv myproj/dev team owner',
    'strata env tag mv myproj/dev team owner platform',
  ],
  flags: { utc: UTC },
});
