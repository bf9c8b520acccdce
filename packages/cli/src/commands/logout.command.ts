import { defineCommand } from '../command.js';

export const logout = defineCommand({
  path: 'logout',
  summary: 'Forget the stored backend and go back to the default SQLite file',
  usage: '',
  examples: ['strata logout'],
});
