import { defineCommand } from '../command.js';
import { SHOW_SECRETS } from '../shared-flags.js';

export const envDiff = defineCommand({
  path: 'env diff',
  summary: 'Show how two versions of environments differ',
  usage: '<ref>[@version] [<ref>[@version] | @version]',
  firstArgIsRef: true,
  examples: [
    'strata env diff myproj/dev@1 @2',
    'strata env diff myproj/dev myproj/prod',
    'strata env diff myproj/dev@stable --path app',
    'strata env diff myproj/dev@stable --format dotenv',
  ],
  flags: {
    format: {
      type: 'string',
      description: 'compare one rendering of the values instead of values and definitions',
      placeholder: 'json|string|dotenv|shell|detailed',
      choices: ['json', 'string', 'dotenv', 'shell', 'detailed'],
    },
    path: { type: 'string', description: 'compare only this property path', placeholder: 'path' },
    'show-secrets': SHOW_SECRETS,
  },
});
