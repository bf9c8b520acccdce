import { defineCommand } from '../command.js';

export const envSettingsSet = defineCommand({
  path: 'env settings set',
  summary: 'Change an environment setting',
  usage: '<ref> <setting> <value>',
  firstArgIsRef: true,
  examples: ['strata env settings set myproj/prod deletion-protected true'],
});
