import { defineCommand } from '../command.js';

export const run = defineCommand({
  path: 'env run',
  aliases: ['run'],
  summary: 'Open an environment and run a command with its variables and files',
  usage: '<ref>[@version] [-i] [--] <command> [args...]',
  examples: [
    'strata run myproj/dev -- node server.js',
    'strata env run myproj/dev -i -- psql',
    "strata run myproj/dev -- echo '${app.port}'",
  ],
  rawArgs: true,
});
