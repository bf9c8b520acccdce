import { defineCommand } from '../command.js';
import { UTC } from '../shared-flags.js';

export const envTagGet = defineCommand({
  path: 'env tag get',
  summary: 'Show one environment tag',
  usage: '<ref> <name>',
  firstArgIsRef: true,
  examples: ['strata env tag get myproj/dev team'],
  output: true,
  flags: { utc: UTC },
});
