import { defineCommand } from '../command.js';

export const login = defineCommand({
  path: 'login',
  summary: 'Choose the backend environments are stored in',
  usage: '[backend-url]',
  examples: [
    'strata login sqlite:///home/me/strata.db',
    'strata login sqlite://./team.db',
    'strata login "s3://my-bucket/strata?region=eu-west-1"',
    'strata login "s3://envs?endpoint=http://127.0.0.1:9000&forcePathStyle=true" --user alice',
  ],
  flags: {
    user: {
      type: 'string',
      description: 'the user name recorded on changes',
      placeholder: 'name',
    },
  },
});
