import type { ObjectSchema, ProviderSchemas } from '@strata/core';
import { AWS_LOGIN_OUTPUTS } from './aws-login-schema.js';

/** aws-login's outputs, as `login: ${aws.login}` hands them to the providers that read AWS. */
export const AWS_LOGIN_INPUT: ObjectSchema = {
  type: 'object',
  properties: AWS_LOGIN_OUTPUTS.properties!,
  required: AWS_LOGIN_OUTPUTS.required!,
  description: "The credentials to read with: aws-login's output (login: ${aws.login}).",
};

const REGION = {
  type: 'string',
  minLength: 1,
  description: 'The AWS region to read from, e.g. us-west-2.',
} as const;

/**
 * ESC's aws-secrets inputs: region, login, and names mapped to the secrets to read. Unknown keys are
 * refused by the provider, at their path (a `false` schema would make the call silently unknown).
 */
export const AWS_SECRETS_INPUTS: ObjectSchema = {
  type: 'object',
  properties: {
    region: REGION,
    login: AWS_LOGIN_INPUT,
    get: {
      type: 'object',
      description: 'Output names mapped to the secrets to read.',
      additionalProperties: {
        type: 'object',
        properties: {
          secretId: {
            type: 'string',
            minLength: 1,
            description: 'The secret: its name or ARN.',
          },
          versionId: { type: 'string', description: 'A version of the secret, by ID.' },
          versionStage: {
            type: 'string',
            description: 'A version of the secret, by staging label (default AWSCURRENT).',
          },
        },
        required: ['secretId'],
      },
      minProperties: 1,
    },
  },
  required: ['region', 'login', 'get'],
};

/** Each name of `get` maps to its secret's value (SecretString), always secret. */
export const AWS_SECRETS_OUTPUTS: ObjectSchema = {
  type: 'object',
  additionalProperties: {
    type: 'string',
    secret: true,
    description: "The secret's value (unpack JSON with fn::fromJSON).",
  },
};

export const AWS_SECRETS_SCHEMAS: ProviderSchemas = {
  inputs: AWS_SECRETS_INPUTS,
  outputs: AWS_SECRETS_OUTPUTS,
};
