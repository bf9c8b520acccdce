import { defineCommand } from '../command.js';

export const oidcIssuerLs = defineCommand({
  path: 'oidc issuer ls',
  summary: 'List the OIDC issuers the organization trusts for token exchange',
  usage: '',
  examples: ['strata oidc issuer ls', 'strata oidc issuer ls --output json'],
  output: true,
});
