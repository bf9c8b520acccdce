import { defineCommand } from '../command.js';

export const envSettingsGet = defineCommand({
  path: 'env settings get',
  summary: 'Show environment settings',
  usage: '<ref> [setting]',
  firstArgIsRef: true,
  examples: [
    'strata env settings get myproj/dev',
    'strata env settings get myproj/dev deletion-protected',
  ],
  output: true,
});
