import { defineCommand } from '../command.js';

export const oidcInit = defineCommand({
  path: 'oidc init',
  summary: 'Make Strata an OIDC issuer: create its signing key and set its URL',
  usage: '',
  examples: [
    'strata oidc init --issuer https://oidc.example.com/strata',
    'strata oidc init --issuer https://oidc.example.com/strata --alg RS256',
    'strata oidc init --force',
  ],
  flags: {
    issuer: {
      type: 'string',
      description: 'the https URL the issuer is published at',
      placeholder: 'url',
    },
    alg: {
      type: 'string',
      description: 'the signing algorithm (default ES256)',
      placeholder: 'ES256|RS256',
      choices: ['ES256', 'RS256'],
    },
    force: { type: 'boolean', description: 'replace an existing signing key' },
  },
});
