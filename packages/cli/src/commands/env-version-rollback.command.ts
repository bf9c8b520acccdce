import { defineCommand } from '../command.js';

export const envVersionRollback = defineCommand({
  path: 'env version rollback',
  summary: 'Write a new revision that copies an old one',
  usage: '<ref>@<version>',
  firstArgIsRef: true,
  examples: [
    'strata env version rollback myproj/dev@3',
    'strata env version rollback myproj/dev@stable',
  ],
});
