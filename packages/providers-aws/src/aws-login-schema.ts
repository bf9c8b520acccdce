import type { ObjectSchema, ProviderSchemas, Schema } from '@strata/core';

const str = (description: string, extra: Partial<ObjectSchema> = {}): Schema => ({
  type: 'string',
  description,
  ...extra,
});

/** ESC's aws-login inputs: exactly one of `static` or `oidc`. */
export const AWS_LOGIN_INPUTS: ObjectSchema = {
  type: 'object',
  properties: {
    static: {
      type: 'object',
      description: 'Long-lived credentials handed through as they are.',
      properties: {
        accessKeyId: str('The access key ID.'),
        secretAccessKey: str('The secret access key.', { secret: true }),
        sessionToken: str('The session token, for temporary credentials.', { secret: true }),
      },
      required: ['accessKeyId', 'secretAccessKey'],
      additionalProperties: false,
    },
    oidc: {
      type: 'object',
      description: 'Assume a role with a web identity token from the Strata issuer.',
      properties: {
        roleArn: str('The ARN of the role to assume.'),
        sessionName: str('The role session name.'),
        duration: str('How long the credentials last (Go duration, e.g. "1h"); default 1h.'),
        policyArns: {
          type: 'array',
          description: 'Managed policies that further restrict the session.',
          items: { type: 'string' },
        },
        subjectAttributes: {
          type: 'array',
          description: 'Context attributes that shape the token subject.',
          items: { type: 'string' },
        },
      },
      required: ['roleArn', 'sessionName'],
      additionalProperties: false,
    },
  },
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
};

const secretString = (description: string): Schema => ({
  type: 'string',
  secret: true,
  description,
});

/** The credentials aws-login returns: the three secrets and the expiration. */
export const AWS_LOGIN_OUTPUTS: ObjectSchema = {
  type: 'object',
  properties: {
    accessKeyId: secretString('The access key ID.'),
    secretAccessKey: secretString('The secret access key.'),
    sessionToken: secretString('The session token.'),
    expiration: { type: 'string', description: 'When the credentials expire (ISO-8601).' },
  },
  required: ['accessKeyId', 'secretAccessKey'],
  additionalProperties: false,
};

export const AWS_LOGIN_SCHEMAS: ProviderSchemas = {
  inputs: AWS_LOGIN_INPUTS,
  outputs: AWS_LOGIN_OUTPUTS,
};
