import { defineCommand } from '../command.js';

export const completion = defineCommand({
  path: 'completion',
  summary: 'Print a shell completion script',
  usage: '<bash|zsh|fish>',
  examples: [
    'source <(strata completion bash)',
    'strata completion zsh > "${fpath[1]}/_strata"',
    'strata completion fish > ~/.config/fish/completions/strata.fish',
  ],
});
