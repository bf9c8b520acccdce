// `pnpm bench`: every figure, measured in one run, printed and written to bench-results.json.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultCorpusDir } from '@strata/conformance';
import { benchAws } from './bench-aws.js';
import { benchCoreIo } from './bench-core-io.js';
import { benchCli } from './bench-cli.js';
import { benchS3 } from './bench-s3.js';
import { benchSqlite } from './bench-sqlite.js';
import { benchServer } from './bench-server.js';
import { benchWeb } from './bench-web.js';
import type { EvalFigures } from './bench-core-eval.js';
import { round } from './_measure.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

function measureInChild(
  count: number,
  runs: number,
  open: boolean,
): EvalFigures & { peakRssMb: number } {
  const script = fileURLToPath(new URL('./measure-eval-child.js', import.meta.url));
  const args = ['--expose-gc', script, String(count), String(runs), ...(open ? [] : ['noopen'])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
  return JSON.parse(out) as EvalFigures & { peakRssMb: number };
}

const results: Record<string, number> = {};
const targets: Record<string, string> = {
  'server.open_read_per_s': '>= 2000',
  'server.open_read_p99_ms': '<= 25',
  'server.overhead_ratio': '<= 2.5',
  'server.rbac_ratio': '>= 0.9',
  'core.io_ms': '<= 40',
  'core.io_ratio': '>= 9',
  'core.eval_over_parse': '<= 1.0',
  'core.parse_over_yaml': '<= 1.3',
  'core.open_over_parse': '<= 1.8',
  'core.growth_10x': '<= 12',
  'sqlite.writes_per_s': '>= 2000',
  'sqlite.read_tag_p50_ms': '<= 0.2',
  'cli.open_over_node': '<= 2.5',
  'cli.run_over_node': '<= 3',
  'cli.run_over_dotenvx': '<= 1.0',
  'cli.hostile_max_ms': '<= 2000',
  'cli.hostile_peak_rss_mb': '<= 300',
  'aws.secrets_open_ms': '<= 40',
  'aws.parameters_open_ms': '<= 30',
  'web.bundle_kb_gz': '<= 300',
  'web.check_ms_500_lines': '<= 50',
};

// STRATA_BENCH_ONLY=sqlite,s3 runs only those groups (core, sqlite, s3, cli, server, aws, web); all by default.
const only = process.env['STRATA_BENCH_ONLY']?.split(',').map((g) => g.trim());
const runs = (group: string): boolean => only === undefined || only.includes(group);

if (runs('core')) {
  Object.assign(results, await benchCoreIo(defaultCorpusDir(repoRoot)));

  const small = measureInChild(200, 9, true);
  const large = measureInChild(2000, 3, false);
  const openMs = small.openMs ?? Number.NaN;
  Object.assign(results, {
    'core.eval_ms_200': round(small.evalMs),
    'core.yaml_parse_ms_200': round(small.yamlParseMs),
    'core.strata_parse_ms_200': round(small.strataParseMs),
    'core.open_ms_200': round(openMs),
    'core.eval_over_parse': round(small.evalMs / small.yamlParseMs),
    'core.parse_over_yaml': round(small.strataParseMs / small.yamlParseMs),
    'core.open_over_parse': round(openMs / small.yamlParseMs),
    'core.eval_ms_2000': round(large.evalMs),
    'core.growth_10x': round(large.evalMs / small.evalMs),
    'core.peak_rss_mb_10x': round(large.peakRssMb, 1),
  });
  if (small.diagnostics > 0 || large.diagnostics > 0) {
    throw new Error(
      `generated environments produced ${small.diagnostics + large.diagnostics} diagnostics`,
    );
  }
}
if (runs('sqlite')) Object.assign(results, await benchSqlite());
if (runs('s3')) Object.assign(results, await benchS3());
if (runs('cli')) Object.assign(results, await benchCli(repoRoot));
if (runs('server')) Object.assign(results, await benchServer());
if (runs('aws')) Object.assign(results, await benchAws());
if (runs('web')) Object.assign(results, await benchWeb(repoRoot));

const width = Math.max(...Object.keys(results).map((k) => k.length));
for (const [key, value] of Object.entries(results)) {
  const target = targets[key] === undefined ? '' : `   (target ${targets[key]})`;
  console.log(`${key.padEnd(width)}  ${value}${target}`);
}
// A partial run (STRATA_BENCH_ONLY) updates its figures and keeps the others.
const previous =
  only !== undefined && existsSync('bench-results.json')
    ? (JSON.parse(readFileSync('bench-results.json', 'utf8')) as Record<string, number>)
    : {};
writeFileSync('bench-results.json', `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
console.log('written to bench-results.json');
