// cli.*: start-up cost of the built `strata` binary, as ratios of medians against a bare
// `node -e ''` and against `dotenvx run`, all measured interleaved in the same run. The warm-up
// runs fill strata's compile cache (as any first use does), so the ratios are of start-ups after
// the first; `cli.open_cold_ms` is the same open with the cache turned off, for comparison;
// `cli.hostile_*` are the refusals of inputs built to exhaust it (bench-cli-hostile.ts).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cliSandboxEnv } from './_cli-sandbox.js';
import { median, round } from './_measure.js';
import { benchCliHostile } from './bench-cli-hostile.js';

const RUNS = 15;
const WARMUP = 2;
const VALUES = 10;

interface Command {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs a command to completion, failing loudly if it does not exit 0; returns wall time in ms. */
function timeOnce(command: Command, env: NodeJS.ProcessEnv, cwd: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, command.args, {
    env: { ...env, ...command.env },
    cwd,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command.name} exited with ${result.status}: ${result.stderr.trim()}`);
  }
  return ms;
}

export async function benchCli(repoRoot: string): Promise<Record<string, number>> {
  const bin = join(repoRoot, 'packages', 'cli', 'bin', 'strata.js');
  const dotenvxPackage = createRequire(import.meta.url).resolve('@dotenvx/dotenvx/package.json');
  const dotenvx = join(dirname(dotenvxPackage), 'src', 'cli', 'dotenvx.js');
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-cli-'));
  try {
    const env: NodeJS.ProcessEnv = cliSandboxEnv(dir);
    const keys = Array.from({ length: VALUES }, (_, i) => `BENCH_VALUE_${i}`);
    await writeFile(
      join(dir, 'app.yaml'),
      `values:\n  environmentVariables:\n${keys.map((k, i) => `    ${k}: value-${i}\n`).join('')}`,
    );
    await writeFile(join(dir, '.env'), keys.map((k, i) => `${k}=value-${i}\n`).join(''));
    timeOnce(
      { name: 'strata env init', args: [bin, 'env', 'init', 'bench/app', '-f', 'app.yaml'] },
      env,
      dir,
    );

    const commands: Command[] = [
      { name: 'node', args: ['-e', ''] },
      { name: 'strata env open', args: [bin, 'env', 'open', 'bench/app'] },
      { name: 'strata run', args: [bin, 'run', 'bench/app', '--', 'true'] },
      { name: 'dotenvx run', args: [dotenvx, 'run', '-f', '.env', '--', 'true'] },
      {
        name: 'strata env open, no compile cache',
        args: [bin, 'env', 'open', 'bench/app'],
        env: { NODE_DISABLE_COMPILE_CACHE: '1' },
      },
    ];
    const times = commands.map(() => [] as number[]);
    // Interleaved, so drift in machine load touches every command alike.
    for (let i = 0; i < WARMUP + RUNS; i++) {
      commands.forEach((command, c) => {
        const ms = timeOnce(command, env, dir);
        if (i >= WARMUP) times[c]!.push(ms);
      });
    }
    const [node, open, run, dotenv, openCold] = times.map(median) as [
      number,
      number,
      number,
      number,
      number,
    ];
    return {
      'cli.open_over_node': round(open / node),
      'cli.run_over_node': round(run / node),
      'cli.run_over_dotenvx': round(run / dotenv),
      'cli.node_ms': round(node, 1),
      'cli.open_ms': round(open, 1),
      'cli.run_ms': round(run, 1),
      'cli.dotenvx_run_ms': round(dotenv, 1),
      'cli.open_cold_ms': round(openCold, 1),
      ...(await benchCliHostile(bin)),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
