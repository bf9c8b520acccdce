import { defineCommand } from '../command.js';

export const oidcIssuerRm = defineCommand({
  path: 'oidc issuer rm',
  summary: 'Stop trusting an OIDC issuer (tokens already exchanged stay valid until they expire)',
  usage: '<name|id>',
  examples: ['strata oidc issuer rm github'],
});
