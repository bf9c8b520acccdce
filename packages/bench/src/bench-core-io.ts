import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluateEnvironment, parseEnvironment, type EnvironmentLoader } from '@strata/core';
import { rot128, testProviders } from '@strata/conformance';
import { medianMs, round } from './_measure.js';

const DELAY_MS = 10;

/**
 * core.io: open ESC's `bench` corpus (26 imports, 10 fn::open calls) with 10 ms per import load
 * and per provider call. Ratio = sum of all simulated delays / measured time.
 */
export async function benchCoreIo(corpusDir: string): Promise<Record<string, number>> {
  const dir = join(corpusDir, 'bench');
  const files = new Map<string, Buffer>();
  for (const file of await readdir(dir)) {
    if (file.endsWith('.yaml')) files.set(file.slice(0, -5), await readFile(join(dir, file)));
  }
  let loads = 0;
  const loader: EnvironmentLoader = {
    async load(name) {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
      const definition = files.get(name);
      if (definition === undefined) throw new Error(`environment ${name} not found`);
      return { definition, decrypter: rot128 };
    },
  };
  const providers = testProviders({ benchDelayMs: DELAY_MS });
  const root = parseEnvironment('bench', files.get('env')!).environment!;
  const imports = root.imports.length;
  let opens = 0;
  const open = async () => {
    const result = await evaluateEnvironment({
      name: 'bench',
      environment: root,
      mode: 'eval',
      loader,
      providers,
      decrypter: rot128,
    });
    if (result.diagnostics.length > 0)
      throw new Error(`bench corpus has diagnostics: ${result.diagnostics[0]!.summary}`);
    opens++;
  };
  const ms = await medianMs(open, 9, 2);
  const openCalls = 10;
  const simulated = (imports + openCalls) * DELAY_MS;
  return {
    'core.io_ms': round(ms),
    'core.io_ratio': round(simulated / ms),
    'core.io_loads_per_open': round(loads / opens, 1),
  };
}
