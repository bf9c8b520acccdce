import { defineCommand } from '../command.js';
import { YES } from '../shared-flags.js';

export const envRm = defineCommand({
  path: 'env rm',
  summary: 'Remove an environment, or one value from it',
  usage: '<ref> [path]',
  firstArgIsRef: true,
  examples: ['strata env rm myproj/dev app.port', 'strata env rm myproj/dev --yes'],
  flags: { yes: YES },
});
