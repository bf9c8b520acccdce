import { defineCommand } from '../command.js';

export const envVersionTag = defineCommand({
  path: 'env version tag',
  summary: 'Point a version tag at a revision (latest if none given)',
  usage: '<ref>@<tag> [revision]',
  firstArgIsRef: true,
  examples: [
    'strata env version tag myproj/dev@stable',
    'strata env version tag myproj/dev@stable 3',
  ],
});
