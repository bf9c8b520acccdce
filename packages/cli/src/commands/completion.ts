import type { Command, CommandContext } from '../command.js';
import type { completion } from './completion.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

/** The words that may follow each command prefix ('' is the top level). */
function wordTree(commands: readonly Command[]): Map<string, Set<string>> {
  const tree = new Map<string, Set<string>>();
  for (const spec of commands) {
    for (const path of [spec.path, ...(spec.aliases ?? [])]) {
      const words = path.split(' ');
      for (let i = 0; i < words.length; i++) {
        const prefix = words.slice(0, i).join(' ');
        let set = tree.get(prefix);
        if (!set) tree.set(prefix, (set = new Set()));
        set.add(words[i] as string);
      }
    }
  }
  return tree;
}

function flagsOf(commands: readonly Command[], path: string): string[] {
  const spec = commands.find((c) => c.path === path || c.aliases?.includes(path));
  const names = [
    'help',
    'org',
    ...Object.keys(spec?.flags ?? {}),
    ...(spec?.output === true ? ['output'] : []),
  ];
  return names.map((n) => `--${n}`);
}

export function execute(ctx: CommandContext<typeof completion>): Promise<number> {
  const shell = requireArg(ctx, 0, 'shell (bash, zsh or fish)');
  maxArgs(ctx, 1);
  const tree = wordTree(ctx.commands);
  const prefixes = [...tree.keys()].sort();
  const allPaths = ctx.commands.flatMap((c) => [c.path, ...(c.aliases ?? [])]);
  switch (shell) {
    case 'bash':
    case 'zsh': {
      const cases = prefixes
        .map((p) => `    "${p}") words="${[...(tree.get(p) ?? [])].join(' ')}" ;;`)
        .join('\n');
      const flagCases = allPaths
        .map((p) => `    "${p}") flags="${flagsOf(ctx.commands, p).join(' ')}" ;;`)
        .join('\n');
      const script = `# strata completion for ${shell}
_strata_complete() {
  local cur prefix words flags w i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prefix=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    if [[ -z "$prefix" ]]; then prefix="$w"; else prefix="$prefix $w"; fi
  done
  words=""
  flags=""
  case "$prefix" in
${cases}
  esac
  case "$prefix" in
${flagCases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags --help" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  fi
}
${shell === 'zsh' ? 'autoload -U +X bashcompinit && bashcompinit\n' : ''}complete -F _strata_complete strata
`;
      ctx.out(script);
      return Promise.resolve(EXIT.OK);
    }
    case 'fish': {
      let script = '# strata completion for fish\ncomplete -c strata -f\n';
      for (const p of prefixes) {
        const words = p === '' ? [] : p.split(' ');
        const condition =
          words.length === 0
            ? '__fish_use_subcommand'
            : `__fish_seen_subcommand_from ${words[words.length - 1] ?? ''}`;
        for (const w of tree.get(p) ?? [])
          script += `complete -c strata -n '${condition}' -a ${w}\n`;
      }
      for (const p of allPaths) {
        const last = p.split(' ').pop() ?? '';
        for (const f of flagsOf(ctx.commands, p))
          script += `complete -c strata -n '__fish_seen_subcommand_from ${last}' -l ${f.slice(2)}\n`;
      }
      ctx.out(script);
      return Promise.resolve(EXIT.OK);
    }
    default:
      throw usageError(`unsupported shell ${JSON.stringify(shell)}`, 'use bash, zsh or fish');
  }
}
