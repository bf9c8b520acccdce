// web.*: the web console. `bundle_kb_gz` is the JavaScript its first screen loads (the entry
// chunk and its static imports, from the build's manifest), gzipped as the server sends it;
// `editor_kb_gz` the editor's chunk, loaded on demand. `check_ms_500_lines` is, in a real
// browser (Debian's chromium through playwright-core) against `strata serve`, the time from a
// keystroke to its diagnostics in the editor, for a 500-line definition importing 10
// environments (imports fetched once, before the measured keystrokes): the median of 41.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { cliSandboxEnv } from './_cli-sandbox.js';
import { generateEnvironments } from './generate-environments.js';
import { median, round } from './_measure.js';

interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
}

function gzippedKb(dist: string, files: Iterable<string>): number {
  let bytes = 0;
  for (const file of files) bytes += gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  return round(bytes / 1024, 1);
}

/** The chunks `key` loads before it runs: itself and its static imports, transitively. */
function staticClosure(manifest: Record<string, ManifestChunk>, key: string): Set<string> {
  const files = new Set<string>();
  const visit = (k: string): void => {
    const chunk = manifest[k];
    if (chunk === undefined || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const next of chunk.imports ?? []) visit(next);
  };
  visit(key);
  return files;
}

function bundleFigures(dist: string): Record<string, number> {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry === true);
  if (entry === undefined) throw new Error(`no entry chunk in ${dist}/.vite/manifest.json`);
  const first = staticClosure(manifest, entry);
  const later = new Set<string>();
  for (const key of manifest[entry]!.dynamicImports ?? [])
    for (const file of staticClosure(manifest, key)) if (!first.has(file)) later.add(file);
  return {
    'web.bundle_kb_gz': gzippedKb(dist, first),
    'web.editor_kb_gz': gzippedKb(dist, later),
  };
}

/** 500 lines importing 10 environments, every block referring into them. */
export function consoleDefinition(imports: readonly string[]): string {
  const lines = ['imports:', ...imports.map((name) => `  - ${name}`), 'values:'];
  for (let i = 0; lines.length < 496; i++) {
    lines.push(
      `  service${i}:`,
      `    name: svc-${i}`,
      '    host: ${db.host}',
      `    url: https://\${name}.\${region}.example:\${port}/v${i}`,
      '    owner: ${app.url}',
      `    tags: [a, "\${region}", ${i}]`,
      '    settings:',
      `      retries: ${i % 5}`,
    );
  }
  lines.push('  environmentVariables:', '    SERVICE0_URL: ${service0.url}', '    PORT: ${port}');
  return `${lines.join('\n')}\n`;
}

function findChromium(): string | undefined {
  const named = process.env['STRATA_CHROMIUM'];
  if (named !== undefined && named !== '') return existsSync(named) ? named : undefined;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
    existsSync(p),
  );
}

async function startServe(bin: string, dir: string) {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--listen', '127.0.0.1:0', '--init-admin', 'bench', '--org', 'bench'],
    { env: cliSandboxEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (https?:\/\/\S+)/.exec(stderr);
      if (match !== null) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error(`strata serve exited: ${stderr}`)));
  });
  const token = /strata_p_\S+/.exec(stdout)?.[0];
  if (token === undefined) throw new Error(`strata serve printed no admin token: ${stdout}`);
  return {
    url,
    token,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function checkFigure(repoRoot: string, executablePath: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-web-'));
  const server = await startServe(join(repoRoot, 'packages', 'cli', 'bin', 'strata.js'), dir);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const call = async (method: string, path: string, body: string, type: string) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `token ${server.token}`, 'content-type': type },
        body,
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${await response.text()}`);
    };
    const create = async (project: string, name: string, definition: string) => {
      await call(
        'POST',
        '/api/esc/environments/bench',
        JSON.stringify({ project, name }),
        'application/json',
      );
      await call(
        'PATCH',
        `/api/esc/environments/bench/${project}/${name}`,
        definition,
        'application/x-yaml',
      );
    };
    const imports = generateEnvironments(10);
    for (const [name, definition] of imports) {
      const [project, env] = name.split('/') as [string, string];
      await create(project, env, definition);
    }
    const definition = consoleDefinition([...imports.keys()]);
    await create('bench', 'console', definition);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Access token').fill(server.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${server.url}/environments/bench/bench/console`);
    await page.locator('.cm-content').waitFor();
    await page.waitForFunction(
      `document.querySelector('.check-status')?.textContent === 'No problems'`,
    );
    // Time from each keydown to the diagnostics of its text, taken in the page (scripts as text:
    // they run in the browser, not here).
    await page.evaluate(`{
      const times = [];
      let down = 0;
      window.checkTimes = times;
      document.addEventListener('keydown', (event) => (down = event.timeStamp), true);
      document
        .querySelector('.cm-editor')
        .addEventListener('strata-check', () => times.push(performance.now() - down));
    }`);
    await page.locator('.cm-line', { hasText: /name: svc-1$/ }).click();
    await page.keyboard.press('End');
    for (let i = 0; i < 46; i++) {
      const before = await page.evaluate<number>('window.checkTimes.length');
      await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
      await page.waitForFunction(`window.checkTimes.length > ${before}`);
    }
    const times = await page.evaluate<number[]>('window.checkTimes');
    const status = await page.locator('.check-status').textContent();
    if (status !== 'No problems')
      throw new Error(`the benchmarked definition has problems: ${status}`);
    return round(median(times.slice(5)));
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchWeb(repoRoot: string): Promise<Record<string, number>> {
  const dist = join(repoRoot, 'packages', 'web', 'dist');
  const figures = bundleFigures(dist);
  const executablePath = findChromium();
  if (executablePath === undefined) {
    console.log('web.check_ms_500_lines not measured: no chromium (set STRATA_CHROMIUM)');
    return figures;
  }
  return { ...figures, 'web.check_ms_500_lines': await checkFigure(repoRoot, executablePath) };
}
