import { defineCommand } from '../command.js';

export const envOpen = defineCommand({
  path: 'env open',
  aliases: ['open'],
  summary: 'Open an environment: evaluate it and print the result',
  usage: '<ref>[@version] [path]',
  firstArgIsRef: true,
  examples: [
    'strata env open myproj/dev',
    'strata open myproj/dev@2 -f dotenv',
    'strata env open myproj/dev app.port -f string',
  ],
  flags: {
    format: {
      type: 'string',
      short: 'f',
      description: 'output format',
      placeholder: 'json|yaml|dotenv|shell|string|detailed',
      choices: ['json', 'yaml', 'dotenv', 'shell', 'string', 'detailed'],
    },
  },
});
