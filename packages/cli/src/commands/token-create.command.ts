import { defineCommand } from '../command.js';

export const tokenCreate = defineCommand({
  path: 'token create',
  summary: 'Create an access token for yourself, a team or the organization (shown once)',
  usage: '',
  examples: [
    'strata token create --name ci --expires 30d',
    'strata token create --team payments --name payments-ci --expires 90d',
    'strata token create --organization --admin --name automation',
  ],
  output: true,
  flags: {
    name: { type: 'string', description: 'what the token is for', placeholder: 'name' },
    expires: {
      type: 'string',
      description: 'how long it lasts: 30d, 12h, 90m (default: never)',
      placeholder: 'duration',
    },
    team: {
      type: 'string',
      description: "a team token: acts with the team's grants (its admins create them)",
      placeholder: 'team',
    },
    organization: {
      type: 'boolean',
      description: "an organization token (an admin's command): a member, or an admin with --admin",
    },
    admin: { type: 'boolean', description: 'with --organization: the token is an org admin' },
    description: { type: 'string', description: 'a note kept with the token', placeholder: 'text' },
  },
});
