import { defineCommand } from '../command.js';

export const envTagRm = defineCommand({
  path: 'env tag rm',
  summary: 'Remove an environment tag',
  usage: '<ref> <name>',
  firstArgIsRef: true,
  examples: ['strata env tag rm myproj/dev team'],
});
