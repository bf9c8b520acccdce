import { defineCommand } from '../command.js';

export const envAccessGrant = defineCommand({
  path: 'env access grant',
  summary: 'Give a team a permission on an environment, or on every environment of a project',
  usage: '<[org/]project/env | [org/]project/*> --team <team> --permission <read|open|write|admin>',
  examples: [
    'strata env access grant common/aws --team identity --permission open',
    "strata env access grant 'identity/*' --team identity --permission write",
  ],
  flags: {
    team: { type: 'string', description: 'the team given the permission', placeholder: 'team' },
    permission: {
      type: 'string',
      description: 'what the team may do',
      placeholder: 'level',
      choices: ['read', 'open', 'write', 'admin'],
    },
  },
});
