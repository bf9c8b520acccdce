import type { CommandSpec, FlagSpec } from './command-spec.js';

// One row per command. Nothing here loads a command's code: `load` imports it when it runs.

const FILE: FlagSpec = {
  type: 'string',
  short: 'f',
  description: 'read the definition from a file (- for stdin)',
  placeholder: 'file',
};
/** esc's `--utc`: Strata prints times in UTC always. */
const UTC: FlagSpec = { type: 'boolean', description: 'print times in UTC (always on)' };

const SHOW_SECRETS: FlagSpec = { type: 'boolean', description: 'show secret values in plaintext' };
/** The definition size limit (input-limit.ts), on the commands that write definitions. */
const MAX_SIZE: FlagSpec = {
  type: 'string',
  description: 'refuse definitions larger than this (default 1MiB; K, M, G: KiB, MiB, GiB)',
  placeholder: 'size',
};
const YES: FlagSpec = { type: 'boolean', short: 'y', description: 'do not ask for confirmation' };

export const COMMANDS: readonly CommandSpec[] = [
  {
    path: 'login',
    summary: 'Choose the backend environments are stored in',
    usage: '[backend-url]',
    examples: [
      'strata login sqlite:///home/me/strata.db',
      'strata login sqlite://./team.db',
      'strata login "s3://my-bucket/strata?region=eu-west-1"',
      'strata login "s3://envs?endpoint=http://127.0.0.1:9000&forcePathStyle=true" --user alice',
    ],
    flags: {
      user: {
        type: 'string',
        description: 'the user name recorded on changes',
        placeholder: 'name',
      },
    },
    load: () => import('./commands/login.js'),
  },
  {
    path: 'logout',
    summary: 'Forget the stored backend and go back to the default SQLite file',
    usage: '',
    examples: ['strata logout'],
    load: () => import('./commands/logout.js'),
  },
  {
    path: 'whoami',
    summary: 'Show the backend in use and who you are',
    usage: '',
    examples: ['strata whoami', 'strata whoami --output json'],
    output: true,
    flags: {
      verbose: {
        type: 'boolean',
        short: 'v',
        description: 'also show where each setting came from',
      },
    },
    load: () => import('./commands/whoami.js'),
  },
  {
    path: 'env init',
    summary: 'Create an environment',
    usage: '<[org/][project/]env>',
    examples: [
      'strata env init myproj/dev',
      'strata env init myproj/dev -f env.yaml',
      'cat env.yaml | strata env init myproj/dev -f -',
    ],
    flags: { file: FILE, 'max-definition-size': MAX_SIZE },
    load: () => import('./commands/env-init.js'),
  },
  {
    path: 'env set',
    summary: 'Set a value in an environment',
    usage: '<ref> <path> [<value> | -f file]',
    examples: [
      'strata env set myproj/dev app.port 8080',
      'strata env set myproj/dev app.password hunter2 --secret',
      'strata env set myproj/dev app.version 1.10 --string',
      "strata env set myproj/dev environmentVariables.PORT '${app.port}'",
      'strata env set myproj/dev tls.cert -f cert.pem --string',
    ],
    flags: {
      file: {
        type: 'string',
        short: 'f',
        description: 'read the value from a file (- for stdin) instead of the command line',
        placeholder: 'file',
      },
      secret: { type: 'boolean', description: 'store the value as a secret' },
      string: { type: 'boolean', description: 'treat the value as a string, not YAML' },
      plaintext: {
        type: 'boolean',
        description: 'store a value that looks like a secret in plaintext anyway',
      },
      'max-definition-size': MAX_SIZE,
    },
    load: () => import('./commands/env-set.js'),
  },
  {
    path: 'env get',
    summary: 'Show the value and definition of an environment, or of one path in it',
    usage: '<ref>[@version] [path]',
    examples: [
      'strata env get myproj/dev',
      'strata env get myproj/dev@stable app.port --value json',
      'strata env get myproj/dev --definition --show-secrets',
    ],
    flags: {
      value: {
        type: 'string',
        description: 'print only the value, in this format',
        placeholder: 'json|string|dotenv|shell|detailed',
        choices: ['json', 'string', 'dotenv', 'shell', 'detailed'],
      },
      definition: { type: 'boolean', description: 'print only the definition' },
      'show-secrets': SHOW_SECRETS,
    },
    load: () => import('./commands/env-get.js'),
  },
  {
    path: 'env open',
    aliases: ['open'],
    summary: 'Open an environment: evaluate it and print the result',
    usage: '<ref>[@version] [path]',
    examples: [
      'strata env open myproj/dev',
      'strata open myproj/dev@2 -f dotenv',
      'strata env open myproj/dev app.port -f string',
    ],
    flags: {
      format: {
        type: 'string',
        short: 'f',
        description: 'output format',
        placeholder: 'json|yaml|dotenv|shell|string|detailed',
        choices: ['json', 'yaml', 'dotenv', 'shell', 'string', 'detailed'],
      },
    },
    load: () => import('./commands/env-open.js'),
  },
  {
    path: 'env run',
    aliases: ['run'],
    summary: 'Open an environment and run a command with its variables and files',
    usage: '<ref>[@version] [-i] [--] <command> [args...]',
    examples: [
      'strata run myproj/dev -- node server.js',
      'strata env run myproj/dev -i -- psql',
      "strata run myproj/dev -- echo '${app.port}'",
    ],
    rawArgs: true,
    load: () => import('./commands/run.js'),
  },
  {
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
    load: () => import('./commands/env-ls.js'),
  },
  {
    path: 'env rm',
    summary: 'Remove an environment, or one value from it',
    usage: '<ref> [path]',
    examples: ['strata env rm myproj/dev app.port', 'strata env rm myproj/dev --yes'],
    flags: { yes: YES },
    load: () => import('./commands/env-rm.js'),
  },
  {
    path: 'env clone',
    summary: 'Copy an environment under a new name',
    usage: '<ref> <new-ref>',
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
    load: () => import('./commands/env-clone.js'),
  },
  {
    path: 'env diff',
    summary: 'Show how two versions of environments differ',
    usage: '<ref>[@version] [<ref>[@version] | @version]',
    examples: [
      'strata env diff myproj/dev@1 @2',
      'strata env diff myproj/dev myproj/prod',
      'strata env diff myproj/dev@stable --path app',
      'strata env diff myproj/dev@stable --format dotenv',
    ],
    flags: {
      format: {
        type: 'string',
        description: 'compare one rendering of the values instead of values and definitions',
        placeholder: 'json|string|dotenv|shell|detailed',
        choices: ['json', 'string', 'dotenv', 'shell', 'detailed'],
      },
      path: { type: 'string', description: 'compare only this property path', placeholder: 'path' },
      'show-secrets': SHOW_SECRETS,
    },
    load: () => import('./commands/env-diff.js'),
  },
  {
    path: 'env version',
    summary: 'Show a revision or a version tag',
    usage: '<ref>@<version>',
    examples: ['strata env version myproj/dev@3', 'strata env version myproj/dev@stable'],
    output: true,
    flags: { utc: UTC },
    load: () => import('./commands/env-version.js'),
  },
  {
    path: 'env version history',
    summary: 'List revisions, newest first',
    usage: '<ref>[@version]',
    examples: [
      'strata env version history myproj/dev',
      'strata env version history myproj/dev@5 --output json',
    ],
    output: true,
    flags: { utc: UTC },
    load: () => import('./commands/env-version-history.js'),
  },
  {
    path: 'env version tag',
    summary: 'Point a version tag at a revision (latest if none given)',
    usage: '<ref>@<tag> [revision]',
    examples: [
      'strata env version tag myproj/dev@stable',
      'strata env version tag myproj/dev@stable 3',
    ],
    load: () => import('./commands/env-version-tag.js'),
  },
  {
    path: 'env version tag ls',
    summary: 'List the version tags of an environment',
    usage: '<ref>',
    examples: ['strata env version tag ls myproj/dev'],
    output: true,
    flags: { utc: UTC },
    load: () => import('./commands/env-version-tag-ls.js'),
  },
  {
    path: 'env version tag rm',
    summary: 'Remove a version tag',
    usage: '<ref>@<tag>',
    examples: ['strata env version tag rm myproj/dev@stable'],
    load: () => import('./commands/env-version-tag-rm.js'),
  },
  {
    path: 'env version rollback',
    summary: 'Write a new revision that copies an old one',
    usage: '<ref>@<version>',
    examples: [
      'strata env version rollback myproj/dev@3',
      'strata env version rollback myproj/dev@stable',
    ],
    load: () => import('./commands/env-version-rollback.js'),
  },
  {
    path: 'env version retract',
    summary: 'Withdraw a revision: it can no longer be read or opened',
    usage: '<ref>@<revision>',
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
    load: () => import('./commands/env-version-retract.js'),
  },
  {
    path: 'env tag',
    summary: 'Set an environment tag (a key/value label)',
    usage: '<ref> <name> <value>',
    examples: ['strata env tag myproj/dev team payments'],
    flags: { utc: UTC },
    load: () => import('./commands/env-tag.js'),
  },
  {
    path: 'env tag ls',
    summary: 'List the environment tags',
    usage: '<ref>',
    examples: ['strata env tag ls myproj/dev', 'strata env tag ls myproj/dev --output json'],
    output: true,
    flags: { utc: UTC },
    load: () => import('./commands/env-tag-ls.js'),
  },
  {
    path: 'env tag get',
    summary: 'Show one environment tag',
    usage: '<ref> <name>',
    examples: ['strata env tag get myproj/dev team'],
    output: true,
    flags: { utc: UTC },
    load: () => import('./commands/env-tag-get.js'),
  },
  {
    path: 'env tag mv',
    summary: 'Rename an environment tag, optionally changing its value',
    usage: '<ref> <name> <new-name> [new-value]',
    examples: [
      'strata env tag mv myproj/dev team owner',
      'strata env tag mv myproj/dev team owner platform',
    ],
    flags: { utc: UTC },
    load: () => import('./commands/env-tag-mv.js'),
  },
  {
    path: 'env tag rm',
    summary: 'Remove an environment tag',
    usage: '<ref> <name>',
    examples: ['strata env tag rm myproj/dev team'],
    load: () => import('./commands/env-tag-rm.js'),
  },
  {
    path: 'env settings get',
    summary: 'Show environment settings',
    usage: '<ref> [setting]',
    examples: [
      'strata env settings get myproj/dev',
      'strata env settings get myproj/dev deletion-protected',
    ],
    output: true,
    load: () => import('./commands/env-settings-get.js'),
  },
  {
    path: 'env settings set',
    summary: 'Change an environment setting',
    usage: '<ref> <setting> <value>',
    examples: ['strata env settings set myproj/prod deletion-protected true'],
    load: () => import('./commands/env-settings-set.js'),
  },
  {
    path: 'audit',
    summary: 'Show the audit log',
    usage: '[<ref>]',
    examples: [
      'strata audit',
      'strata audit myproj/dev --since 2024-01-01',
      'strata audit --output json',
    ],
    output: true,
    flags: {
      since: {
        type: 'string',
        description: 'only events at or after this time (ISO 8601)',
        placeholder: 'time',
      },
      limit: {
        type: 'string',
        description: 'at most this many events (default 100)',
        placeholder: 'n',
      },
    },
    load: () => import('./commands/audit.js'),
  },
  {
    path: 'env edit',
    summary: 'Edit an environment definition in $VISUAL, $EDITOR or vi, or replace it from a file',
    usage: '<ref>',
    examples: [
      'strata env edit myproj/dev',
      'strata env edit myproj/dev -f env.yaml',
      'EDITOR=nano strata env edit myproj/dev --show-secrets',
    ],
    flags: {
      file: FILE,
      'show-secrets': SHOW_SECRETS,
      editor: { type: 'string', description: 'the editor command to use', placeholder: 'command' },
      'max-definition-size': MAX_SIZE,
    },
    load: () => import('./commands/env-edit.js'),
  },
  {
    path: 'oidc init',
    summary: 'Make Strata an OIDC issuer: create its signing key and set its URL',
    usage: '',
    examples: [
      'strata oidc init --issuer https://oidc.example.com/strata',
      'strata oidc init --issuer https://oidc.example.com/strata --alg RS256',
      'strata oidc init --force',
    ],
    flags: {
      issuer: {
        type: 'string',
        description: 'the https URL the issuer is published at',
        placeholder: 'url',
      },
      alg: {
        type: 'string',
        description: 'the signing algorithm (default ES256)',
        placeholder: 'ES256|RS256',
        choices: ['ES256', 'RS256'],
      },
      force: { type: 'boolean', description: 'replace an existing signing key' },
    },
    load: () => import('./commands/oidc-init.js'),
  },
  {
    path: 'oidc publish',
    summary: "Write the issuer's discovery document and JWKS for AWS to fetch",
    usage: '--to <dir>',
    examples: ['strata oidc publish --to ./site', 'strata oidc publish --to ./site --output json'],
    output: true,
    flags: {
      to: { type: 'string', description: 'the directory to write into', placeholder: 'dir' },
    },
    load: () => import('./commands/oidc-publish.js'),
  },
  {
    path: 'oidc show',
    summary: "Show the issuer URL, the tokens' audience and subject format",
    usage: '',
    examples: ['strata oidc show', 'strata oidc show --output json'],
    output: true,
    load: () => import('./commands/oidc-show.js'),
  },
  {
    path: 'completion',
    summary: 'Print a shell completion script',
    usage: '<bash|zsh|fish>',
    examples: [
      'source <(strata completion bash)',
      'strata completion zsh > "${fpath[1]}/_strata"',
      'strata completion fish > ~/.config/fish/completions/strata.fish',
    ],
    load: () => import('./commands/completion.js'),
  },
];
