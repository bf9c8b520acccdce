// The main job on the embedded default: open the bundled example environments (imports,
// interpolation, secrets, builtins) and print the result, redacted.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  environmentVariables,
  evaluateEnvironment,
  formatOutput,
  parseEnvironment,
  renderDiagnostic,
} from '@strata/core';

const examples = fileURLToPath(new URL('../examples/environments/', import.meta.url));
const noSecretsHere = { decrypt: () => Promise.reject(new Error('no ciphertext in the examples')) };
const loader = {
  async load(name) {
    const file = `${examples}${name}.yaml`;
    if (!existsSync(file)) throw new Error(`environment ${name} not found`);
    return { definition: await readFile(file), decrypter: noSecretsHere };
  },
};

const name = process.argv[2] ?? 'acme/payments';
const { definition } = await loader.load(name);
const parsed = parseEnvironment(name, definition);
const opened =
  parsed.environment &&
  (await evaluateEnvironment({ name, environment: parsed.environment, mode: 'eval', loader }));
for (const d of [...parsed.diagnostics, ...(opened?.diagnostics ?? [])]) {
  console.error(renderDiagnostic(d, String(definition), { color: false }));
}
console.log(`# ${name}, opened (secrets redacted)`);
process.stdout.write(formatOutput(opened?.value, 'json', { redact: true }));
console.log('\n# environment variables for `strata run`');
for (const variable of environmentVariables(opened?.value, { redact: true })) {
  console.log(`${variable.name}=${variable.value}`);
}
