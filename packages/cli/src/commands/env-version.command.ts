import { defineCommand } from '../command.js';
import { UTC } from '../shared-flags.js';

export const envVersion = defineCommand({
  path: 'env version',
  summary: 'Show a revision or a version tag',
  usage: '<ref>@<version>',
  firstArgIsRef: true,
  examples: ['strata env version myproj/dev@3', 'strata env version myproj/dev@stable'],
  output: true,
  flags: { utc: UTC },
});
