import { defineCommand } from '../command.js';
import { UTC } from '../shared-flags.js';

export const envVersionTagLs = defineCommand({
  path: 'env version tag ls',
  summary: 'List the version tags of an environment',
  usage: '<ref>',
  firstArgIsRef: true,
  examples: ['strata env version tag ls myproj/dev'],
  output: true,
  flags: { utc: UTC },
});
