import { defineCommand } from '../command.js';
import { FILE, SHOW_SECRETS, MAX_SIZE } from '../shared-flags.js';

export const envEdit = defineCommand({
  path: 'env edit',
  summary: 'Edit an environment definition in $VISUAL, $EDITOR or vi, or replace it from a file',
  usage: '<ref>',
  firstArgIsRef: true,
  examples: [
    'strata env edit myproj/dev',
    'strata env edit myproj/dev -f env.yaml',
    'EDITOR=nano strata env edit myproj/dev --show-secrets',
  ],
  flags: {
    file: FILE,
    'show-secrets': SHOW_SECRETS,
    editor: { type: 'string', description: 'the editor command to use', placeholder: 'command' },
    'max-definition-size': MAX_SIZE,
  },
});
