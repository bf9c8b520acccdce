import { defineCommand } from '../command.js';

export const oidcIssuerAdd = defineCommand({
  path: 'oidc issuer add',
  summary: 'Trust an OIDC issuer for token exchange in the organization (an admin’s command)',
  usage: '<name> <issuer-url>',
  examples: [
    'strata oidc issuer add github https://token.actions.githubusercontent.com',
    'strata oidc issuer add ci https://ci.example.com --max-expiration 2h --jwks-file keys.json',
  ],
  output: true,
  flags: {
    'max-expiration': {
      type: 'string',
      description: 'the longest life of an exchanged token (default 25h)',
      placeholder: 'duration',
    },
    'jwks-file': {
      type: 'string',
      description: "the issuer's public keys (a JWKS), instead of fetching them from the issuer",
      placeholder: 'file',
    },
  },
});
