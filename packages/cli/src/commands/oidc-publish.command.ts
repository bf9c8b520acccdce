import { defineCommand } from '../command.js';

export const oidcPublish = defineCommand({
  path: 'oidc publish',
  summary: "Write the issuer's discovery document and JWKS for AWS to fetch",
  usage: '--to <dir>',
  examples: ['strata oidc publish --to ./site', 'strata oidc publish --to ./site --output json'],
  output: true,
  flags: {
    to: { type: 'string', description: 'the directory to write into', placeholder: 'dir' },
  },
});
