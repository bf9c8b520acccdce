import { defineCommand } from '../command.js';

export const tokenCreate = defineCommand({
  path: 'token create',
  summary: 'Create an access token for yourself on the server (shown once)',
  usage: '',
  examples: ['strata token create --name ci --expires 30d'],
  output: true,
  flags: {
    name: { type: 'string', description: 'what the token is for', placeholder: 'name' },
    expires: {
      type: 'string',
      description: 'how long it lasts: 30d, 12h, 90m (default: never)',
      placeholder: 'duration',
    },
  },
});
