import { defineCommand } from '../command.js';
import { SHOW_SECRETS } from '../shared-flags.js';

export const envGet = defineCommand({
  path: 'env get',
  summary: 'Show the value and definition of an environment, or of one path in it',
  usage: '<ref>[@version] [path]',
  firstArgIsRef: true,
  examples: [
    'strata env get myproj/dev',
    'strata env get myproj/dev@stable app.port --value json',
    'strata env get myproj/dev --definition --show-secrets',
  ],
  flags: {
    value: {
      type: 'string',
      description: 'print only the value, in this format',
      placeholder: 'json|string|dotenv|shell|detailed',
      choices: ['json', 'string', 'dotenv', 'shell', 'detailed'],
    },
    definition: { type: 'boolean', description: 'print only the definition' },
    'show-secrets': SHOW_SECRETS,
  },
});
