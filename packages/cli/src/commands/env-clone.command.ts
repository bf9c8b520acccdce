import { defineCommand } from '../command.js';
import { MAX_SIZE } from '../shared-flags.js';

export const envClone = defineCommand({
  path: 'env clone',
  summary: 'Copy an environment under a new name',
  usage: '<ref> <new-ref>',
  firstArgIsRef: true,
  examples: [
    'strata env clone myproj/dev myproj/dev-copy',
    'strata env clone myproj/dev other/dev --preserve-history --preserve-rev-tags',
  ],
  flags: {
    'preserve-history': {
      type: 'boolean',
      description: 'copy every revision that is not retracted, not only the latest',
    },
    'preserve-rev-tags': {
      type: 'boolean',
      description: 'move the version tags along, onto the copied revisions',
    },
    'preserve-env-tags': { type: 'boolean', description: 'copy the environment labels' },
    'preserve-access': {
      type: 'boolean',
      description: 'accepted as esc accepts it; Strata has no per-environment access to copy',
    },
    'max-definition-size': MAX_SIZE,
  },
});
