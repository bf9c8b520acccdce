import { defineCommand } from '../command.js';
import { UTC } from '../shared-flags.js';

export const envTagLs = defineCommand({
  path: 'env tag ls',
  summary: 'List the environment tags',
  usage: '<ref>',
  firstArgIsRef: true,
  examples: ['strata env tag ls myproj/dev', 'strata env tag ls myproj/dev --output json'],
  output: true,
  flags: { utc: UTC },
});
