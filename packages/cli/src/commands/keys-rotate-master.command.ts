import { defineCommand } from '../command.js';

export const keysRotateMaster = defineCommand({
  path: 'keys rotate-master',
  summary: "Rewrap every org's data keys from the current master key to another",
  usage: '--to <source>',
  output: true,
  examples: [
    'strata keys rotate-master --to awskms://alias/strata?region=us-east-1',
    'strata keys rotate-master --to file:///etc/strata/master.key',
    'strata keys rotate-master --to env:NEW_STRATA_MASTER_KEY',
  ],
  flags: {
    to: {
      type: 'string',
      description:
        'the new master key: awskms://<key>?region=..., file:///path (created when missing) or env:NAME',
      placeholder: 'source',
    },
  },
});
