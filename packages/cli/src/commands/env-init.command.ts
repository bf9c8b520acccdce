import { defineCommand } from '../command.js';
import { FILE, MAX_SIZE } from '../shared-flags.js';

export const envInit = defineCommand({
  path: 'env init',
  summary: 'Create an environment',
  usage: '<[org/][project/]env>',
  firstArgIsRef: true,
  examples: [
    'strata env init myproj/dev',
    'strata env init myproj/dev -f env.yaml',
    'cat env.yaml | strata env init myproj/dev -f -',
  ],
  flags: { file: FILE, 'max-definition-size': MAX_SIZE },
});
