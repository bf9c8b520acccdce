import { defineCommand } from '../command.js';

export const envLs = defineCommand({
  path: 'env ls',
  summary: 'List environments',
  usage: '',
  examples: ['strata env ls', 'strata env ls --project myproj', 'strata env ls --output json'],
  output: true,
  flags: {
    project: {
      type: 'string',
      short: 'p',
      description: 'only environments of this project',
      placeholder: 'name',
    },
  },
});
