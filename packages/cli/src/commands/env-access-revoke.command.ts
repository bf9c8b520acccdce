import { defineCommand } from '../command.js';

export const envAccessRevoke = defineCommand({
  path: 'env access revoke',
  summary: "Take back a team's grant on an environment or a project",
  usage: '<[org/]project/env | [org/]project/*> --team <team>',
  examples: ['strata env access revoke common/aws --team payments'],
  flags: {
    team: { type: 'string', description: 'the team whose grant goes', placeholder: 'team' },
  },
});
