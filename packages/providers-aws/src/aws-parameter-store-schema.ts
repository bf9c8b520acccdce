import type { ObjectSchema, ProviderSchemas } from '@strata/core';
import { AWS_LOGIN_INPUT } from './aws-secrets-schema.js';

/** ESC's aws-parameter-store inputs (unknown keys are refused by the provider, at their path). */
export const AWS_PARAMETER_STORE_INPUTS: ObjectSchema = {
  type: 'object',
  properties: {
    region: {
      type: 'string',
      minLength: 1,
      description: 'The AWS region to read from, e.g. us-west-2.',
    },
    login: AWS_LOGIN_INPUT,
    get: {
      type: 'object',
      description: 'Output names mapped to the parameters to read.',
      additionalProperties: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
            minLength: 1,
            description:
              'The parameter: its name or ARN, optionally with :version or :label (/app/url:3).',
          },
          version: {
            type: 'number',
            minimum: 1,
            multipleOf: 1,
            description: 'A version of the parameter (instead of a :version suffix).',
          },
          decrypt: {
            type: 'boolean',
            description: 'Decrypt a SecureString (default true); false returns its ciphertext.',
          },
        },
        required: ['name'],
      },
      minProperties: 1,
    },
  },
  required: ['region', 'login', 'get'],
};

/** Each name of `get` maps to its parameter's value; SecureString values are secret. */
export const AWS_PARAMETER_STORE_OUTPUTS: ObjectSchema = {
  type: 'object',
  additionalProperties: {
    type: 'string',
    description: "The parameter's value (a StringList as AWS gives it: comma-separated).",
  },
};

export const AWS_PARAMETER_STORE_SCHEMAS: ProviderSchemas = {
  inputs: AWS_PARAMETER_STORE_INPUTS,
  outputs: AWS_PARAMETER_STORE_OUTPUTS,
};
