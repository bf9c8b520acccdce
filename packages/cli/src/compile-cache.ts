// Start-up through V8's code cache. A CLI pays for parsing and compiling its code on every run;
// V8 can serialize the compiled code and take it back far faster than it compiles. Node 22 does
// this itself (module.enableCompileCache); on Node 20 this module does it for the bundled
// CommonJS chunks of the CLI, and for nothing else.
//
// A cache holds the functions that had been compiled when it was written, so one is kept per
// command: `strata run` then never pays to compile what `strata --help` did not need. A command is
// known by the command table's name for it (its path or alias: `env-open`, `run`), never by its
// arguments, so `env open dev` and `env open prod` share their caches. Caches live in
// `<cache root>/<node version>-<arch>/<installation>/`, named by chunk, command, and the chunk's
// size and modification time: V8 checks only the source length when it accepts a cache, so the
// name is what keeps a rebuilt chunk from meeting a stale one (hashing the source would cost a
// millisecond a start-up). A cache that is missing or that V8 rejects (another V8 build, a damaged
// file) is written after the command has run, and caches of chunks that are gone or were rebuilt,
// or of commands the table no longer has, are deleted then. Every failure here falls back to
// compiling as usual: the cache can only make start-up faster.
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { Module, createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';

interface CompilableModule {
  exports: unknown;
  _compile: (
    this: CompilableModule,
    content: string,
    filename: string,
    ...rest: unknown[]
  ) => unknown;
}

/** `$XDG_CACHE_HOME/strata/compile-cache`, else under `~/.cache`; unset by Node's opt-out. */
export function compileCacheRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['NODE_DISABLE_COMPILE_CACHE'] !== undefined) return undefined;
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg !== '') return join(xdg, 'strata', 'compile-cache');
  try {
    return join(homedir(), '.cache', 'strata', 'compile-cache');
  } catch {
    return undefined; // No home directory (a system account): compile as usual.
  }
}

/** The caches of one installation (its bundle directory) under one Node version. */
export function compileCacheDir(bundleDir: string, root: string): string {
  return join(root, `${process.version}-${process.arch}`, fnv1a(bundleDir));
}

// Every path and alias of the command table, set by scripts/bundle.mjs from the table itself (this
// module runs before the bundle that holds the table is loaded). Absent when not bundled.
declare const STRATA_COMMAND_PATHS: readonly string[] | undefined;

const BUNDLED_COMMAND_PATHS: readonly string[] =
  typeof STRATA_COMMAND_PATHS === 'undefined' ? [] : STRATA_COMMAND_PATHS;

/** The caches of anything that is not a command: help, `--version`, an unknown command. */
const DEFAULT_VARIANT = 'default';

/**
 * The cache key of the command argv runs: the longest of `paths` (the command table's paths and
 * aliases) that argv starts with, its words joined by `-` (`env-open` for `env open a/b -f json`,
 * `run` for `run a/b -- true`), else `default`.
 */
export function commandVariant(
  argv: readonly string[],
  paths: readonly string[] = BUNDLED_COMMAND_PATHS,
): string {
  let best: readonly string[] = [];
  for (const path of paths) {
    const words = path.split(' ');
    if (words.length > best.length && words.every((w, i) => argv[i] === w)) best = words;
  }
  return best.length === 0 ? DEFAULT_VARIANT : best.join('-');
}

/**
 * Compiles every `.cjs` file under `bundleDir` through the code cache of `variant`; `paths` (the
 * command table's) say which variants may keep caches.
 */
export function enableCompileCache(
  bundleDir: string,
  variant: string,
  root = compileCacheRoot(),
  paths: readonly string[] = BUNDLED_COMMAND_PATHS,
): void {
  if (root === undefined) return;
  const cacheDir = compileCacheDir(bundleDir, root);
  const prefix = bundleDir.endsWith(sep) ? bundleDir : bundleDir + sep;
  const proto = (Module as unknown as { prototype: CompilableModule }).prototype;
  const compile = proto._compile;
  const toWrite: { path: string; script: Script }[] = [];

  proto._compile = function (
    this: CompilableModule,
    content: string,
    filename: string,
    ...rest: unknown[]
  ) {
    // Everything else (and whatever newer Node versions pass after the file name) goes through.
    if (!filename.startsWith(prefix) || !filename.endsWith('.cjs')) {
      return compile.call(this, content, filename, ...rest);
    }
    let path: string | undefined;
    let cachedData: Buffer | undefined;
    try {
      path = join(cacheDir, `${basename(filename)}.${variant}.${stamp(filename)}`);
      cachedData = readFileSync(path);
    } catch {
      // Not cached yet.
    }
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (path !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
      toWrite.push({ path, script });
    }
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    const require = createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };

  process.once('exit', () => {
    if (toWrite.length === 0) return;
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      for (const { path, script } of toWrite) {
        // Written aside and renamed, so a concurrent start-up never reads half a file.
        const partial = `${path}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, path);
      }
      const variants =
        paths.length === 0
          ? undefined
          : new Set([DEFAULT_VARIANT, ...paths.map((p) => p.replaceAll(' ', '-'))]);
      pruneStale(cacheDir, bundleDir, variants);
    } catch {
      // A read-only or full disk: the next start-up compiles as usual.
    }
  });
}

/**
 * Deletes the caches of chunks that no longer exist or have been rebuilt since, and of variants
 * that are not in `variants` (a command since removed; a name an older build made of arguments).
 */
function pruneStale(
  cacheDir: string,
  bundleDir: string,
  variants: ReadonlySet<string> | undefined,
): void {
  const stamps = new Map<string, string | undefined>();
  for (const name of readdirSync(cacheDir)) {
    const match = /^(.+?\.cjs)\.([a-z-]+)\.(\d+\.\d+)$/.exec(name);
    if (match === null) continue;
    const [, chunk = '', variant = '', cached] = match;
    if (variants !== undefined && !variants.has(variant)) {
      unlinkSync(join(cacheDir, name));
      continue;
    }
    if (!stamps.has(chunk)) {
      try {
        stamps.set(chunk, stamp(join(bundleDir, chunk)));
      } catch {
        stamps.set(chunk, undefined);
      }
    }
    if (stamps.get(chunk) !== cached) unlinkSync(join(cacheDir, name));
  }
}

/** What identifies one build of a file, cheaply: its size and modification time. */
function stamp(file: string): string {
  const { size, mtimeMs } = statSync(file);
  return `${size}.${Math.trunc(mtimeMs)}`;
}

/** FNV-1a of a path, in hex: a short, stable directory name. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
