import { defineCommand } from '../command.js';

export const oidcPolicySet = defineCommand({
  path: 'oidc policy set',
  summary: "Replace an OIDC issuer's authorization policies (who may exchange for what)",
  usage: '<issuer name|id> -f <policies.yaml>',
  examples: ['strata oidc policy set github -f policies.yaml'],
  flags: {
    file: {
      type: 'string',
      short: 'f',
      description: 'the policies, a YAML or JSON list (- for stdin)',
      placeholder: 'file',
    },
  },
});
