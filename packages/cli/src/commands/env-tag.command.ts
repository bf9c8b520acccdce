import { defineCommand } from '../command.js';
import { UTC } from '../shared-flags.js';

export const envTag = defineCommand({
  path: 'env tag',
  summary: 'Set an environment tag (a key/value label)',
  usage: '<ref> <name> <value>',
  firstArgIsRef: true,
  examples: ['strata env tag myproj/dev team payments'],
  flags: { utc: UTC },
});
