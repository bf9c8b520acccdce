import { defineCommand } from '../command.js';

export const orgSetDefaultPermission = defineCommand({
  path: 'org set-default-permission',
  summary:
    "Set what every member of the organization holds on every environment (an admin's command)",
  usage: '<none|read|open|write|admin>',
  examples: [
    'strata org set-default-permission none',
    'strata org set-default-permission read --org acme',
  ],
});
