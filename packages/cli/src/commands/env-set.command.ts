import { defineCommand } from '../command.js';
import { MAX_SIZE } from '../shared-flags.js';

export const envSet = defineCommand({
  path: 'env set',
  summary: 'Set a value in an environment',
  usage: '<ref> <path> [<value> | -f file]',
  firstArgIsRef: true,
  examples: [
    'strata env set myproj/dev app.port 8080',
    'strata env set myproj/dev app.password hunter2 --secret',
    'strata env set myproj/dev app.version 1.10 --string',
    "strata env set myproj/dev environmentVariables.PORT '${app.port}'",
    'strata env set myproj/dev tls.cert -f cert.pem --string',
  ],
  flags: {
    file: {
      type: 'string',
      short: 'f',
      description: 'read the value from a file (- for stdin) instead of the command line',
      placeholder: 'file',
    },
    secret: { type: 'boolean', description: 'store the value as a secret' },
    string: { type: 'boolean', description: 'treat the value as a string, not YAML' },
    plaintext: {
      type: 'boolean',
      description: 'store a value that looks like a secret in plaintext anyway',
    },
    'max-definition-size': MAX_SIZE,
  },
});
