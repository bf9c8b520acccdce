import { defineCommand } from '../command.js';

export const tokenRevoke = defineCommand({
  path: 'token revoke',
  summary: 'Revoke one of your access tokens by its id',
  usage: '<token-id>',
  examples: ['strata token revoke tok-0123456789abcdef'],
});
