import { defineCommand } from '../command.js';

export const envVersionRetract = defineCommand({
  path: 'env version retract',
  summary: 'Withdraw a revision: it can no longer be read or opened',
  usage: '<ref>@<revision>',
  firstArgIsRef: true,
  examples: [
    'strata env version retract myproj/dev@4 --reason "leaked a key"',
    'strata env version retract myproj/dev@4 --replace-with 2',
  ],
  flags: {
    'replace-with': {
      type: 'string',
      description: 'the revision tags move to (default: the previous one)',
      placeholder: 'version',
    },
    reason: {
      type: 'string',
      description: 'why the revision was retracted',
      placeholder: 'text',
    },
  },
});
