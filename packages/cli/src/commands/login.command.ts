import { defineCommand } from '../command.js';

export const login = defineCommand({
  path: 'login',
  summary: 'Choose the backend: a store, or a Strata server to log in to',
  usage: '[backend-url]',
  examples: [
    'strata login https://strata.internal.example.com',
    'STRATA_TOKEN=strata_p_... strata login https://strata.internal.example.com:8443',
    'strata login sqlite:///home/me/strata.db',
    'strata login "s3://my-bucket/strata?region=eu-west-1"',
    'strata login "s3://envs?endpoint=http://127.0.0.1:9000&forcePathStyle=true" --user alice',
  ],
  flags: {
    user: {
      type: 'string',
      description: 'the user name recorded on changes (a store backend)',
      placeholder: 'name',
    },
    token: {
      type: 'string',
      description:
        'the access token for a server (default: $STRATA_TOKEN, else $PULUMI_ACCESS_TOKEN, else asked)',
      placeholder: 'token',
    },
    'oidc-token': {
      type: 'string',
      description:
        "log in to a server with a CI job's OIDC ID token (or file://path), exchanged for a short-lived token",
      placeholder: 'jwt',
    },
    'oidc-org': {
      type: 'string',
      description:
        "the organization to exchange it in (default: from the token's urn:pulumi:org: audience)",
      placeholder: 'org',
    },
    'oidc-team': {
      type: 'string',
      description: 'ask for a token of this team',
      placeholder: 'team',
    },
    'oidc-user': {
      type: 'string',
      description: 'ask for a personal token of this user',
      placeholder: 'login',
    },
    'oidc-expiration': {
      type: 'string',
      description: 'how long the exchanged token should live (default 2h; the issuer may cap it)',
      placeholder: 'duration',
    },
  },
});
