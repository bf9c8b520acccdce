import { defineCommand } from '../command.js';

export const tokenLs = defineCommand({
  path: 'token ls',
  summary: 'List your access tokens on the server (never their values)',
  usage: '',
  examples: ['strata token ls'],
  output: true,
});
