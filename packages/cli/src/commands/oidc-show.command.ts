import { defineCommand } from '../command.js';

export const oidcShow = defineCommand({
  path: 'oidc show',
  summary: "Show the issuer URL, the tokens' audience and subject format",
  usage: '',
  examples: ['strata oidc show', 'strata oidc show --output json'],
  output: true,
});
