// cli.hostile_*: inputs built to exhaust the CLI (issue #9's bounds), each run by the built binary
// to its refusal: values that double at every reference as strings and as lists, 20,000 YAML
// aliases and an endless input. The figures are the slowest run's wall time and the largest peak
// memory (the process's own maxRSS, reported by a preloaded script as it exits).
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliSandboxEnv } from './_cli-sandbox.js';
import { round } from './_measure.js';

interface HostileInput {
  readonly name: string;
  /** The definition's text, or undefined to read /dev/zero. */
  readonly text: string | undefined;
  /** What the refusal must say: a run that ends otherwise is not a figure. */
  readonly refusal: string;
}

const levels = (count: number, line: (i: number) => string): string =>
  Array.from({ length: count }, (_, i) => line(i + 1)).join('');

const INPUTS: readonly HostileInput[] = [
  {
    name: 'doubling-strings',
    text: `values:\n  s0: abcdefghij\n${levels(25, (i) => `  s${i}: "\${s${i - 1}}\${s${i - 1}}"\n`)}`,
    refusal: 'string too long',
  },
  {
    name: 'doubling-lists',
    text: `values:\n  l0: [a, b]\n${levels(25, (i) => `  l${i}: ["\${l${i - 1}}", "\${l${i - 1}}"]\n`)}`,
    refusal: 'evaluation stopped',
  },
  {
    name: 'aliases',
    text: `values:\n  a: &x {k: v}\n${levels(20_000, (i) => `  b${i}: *x\n`)}`,
    refusal: 'more errors not shown',
  },
  { name: 'dev-zero', text: undefined, refusal: 'larger than' },
];

export async function benchCliHostile(bin: string): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-hostile-'));
  try {
    const reporter = join(dir, 'report-rss.cjs');
    await writeFile(
      reporter,
      "process.on('exit', () => require('node:fs').writeFileSync(process.env.RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
    );
    const env: NodeJS.ProcessEnv = { ...cliSandboxEnv(dir), NO_COLOR: '1' };
    let slowestMs = 0;
    let peakMb = 0;
    for (const input of INPUTS) {
      const file = input.text === undefined ? '/dev/zero' : join(dir, `${input.name}.yaml`);
      if (input.text !== undefined) await writeFile(file, input.text);
      const rssFile = join(dir, `${input.name}.rss`);
      const start = process.hrtime.bigint();
      const result = spawnSync(
        process.execPath,
        ['--require', reporter, bin, 'env', 'init', `hostile/${input.name}`, '-f', file],
        { env: { ...env, RSS_FILE: rssFile }, cwd: dir, encoding: 'utf8' },
      );
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status === 0 || !result.stderr.includes(input.refusal)) {
        throw new Error(
          `${input.name}: expected a refusal saying "${input.refusal}", got exit ${result.status}: ${result.stderr.slice(0, 400)}`,
        );
      }
      slowestMs = Math.max(slowestMs, ms);
      peakMb = Math.max(peakMb, Number(await readFile(rssFile, 'utf8')) / 1024);
    }
    return {
      'cli.hostile_max_ms': round(slowestMs, 1),
      'cli.hostile_peak_rss_mb': round(peakMb, 1),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
