import { defineCommand } from '../command.js';

export const envVersionTagRm = defineCommand({
  path: 'env version tag rm',
  summary: 'Remove a version tag',
  usage: '<ref>@<tag>',
  firstArgIsRef: true,
  examples: ['strata env version tag rm myproj/dev@stable'],
});
