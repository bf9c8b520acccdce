// The console's preview (`POST /api/console/preview`): what an environment opens to, evaluated on
// the server, every secret as `[secret]`. A caller who may open it gets a real open (audited as
// one); a caller who may only read it gets the check-mode evaluation (providers not called,
// secrets never decrypted). A secret's plaintext leaves the server only when the caller asks for
// it by path (`reveal`) and may open the environment. Who may do what is the service's to say.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  checkEnvironmentKey,
  environmentVariables,
  formatEnvironmentKey,
  formatOutput,
  formatPropertyPath,
  parsePropertyPath,
  temporaryFiles,
  toEscDiagnostic,
  toExportedString,
  valueAtPath,
  valueKeys,
  valueProperty,
  type PathSegment,
  type Value,
} from '@strata/core';
import type { ServerContext } from '../server-context.js';
import { jsonBody, serviceFor } from '../routes/_request.js';

const body = z.object({
  /** `org/project/name`. */
  env: z.string().max(500),
  /** A revision number; the latest if absent. */
  revision: z.number().int().positive().optional(),
  /** Property paths of secrets to show in plaintext (`db.password`, `environmentVariables.X`). */
  reveal: z.array(z.string().max(1000)).max(50).optional(),
});

/** The paths of the secrets of a value (a secret's own parts are not listed again). */
function secretPaths(value: Value | undefined, path: PathSegment[] = [], out: string[] = []) {
  if (value === undefined) return out;
  if (value.secret) {
    out.push(formatPropertyPath(path));
    return out;
  }
  if (value.kind === 'array' && Array.isArray(value.data))
    value.data.forEach((item, i) => secretPaths(item, [...path, i], out));
  if (value.kind === 'object')
    for (const key of valueKeys(value)) secretPaths(valueProperty(value, key), [...path, key], out);
  return out;
}

function plaintextAt(root: Value | undefined, path: string): string | undefined {
  let value: Value | undefined;
  try {
    value = valueAtPath(root, parsePropertyPath(path));
  } catch {
    return undefined;
  }
  if (value === undefined) return undefined;
  // An object or array as `strata env open <env> <path> --format json` prints it (numbers exactly
  // as written), without the final newline, as the other values have none.
  if (value.kind === 'object' || value.kind === 'array')
    return formatOutput(value, 'json', { redact: false }).replace(/\n$/, '');
  return toExportedString(value, { redact: false });
}

export function registerConsolePreviewRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/console/preview', async (request, reply) => {
    const input = jsonBody(request, body);
    const service = serviceFor(ctx, request);
    const env = checkEnvironmentKey(service.parseRef(input.env).env);
    const ref = `${formatEnvironmentKey(env)}${input.revision === undefined ? '' : `@${input.revision}`}`;
    const reveal = input.reveal ?? [];
    const mayOpen = (await service.access.check('open', env)).allowed;
    // A reveal by a caller who may not open is refused (and audited) as an open would be.
    if (reveal.length > 0 && !mayOpen) await service.require('open', env);
    const result = mayOpen
      ? await service.open(ref, { actor: '' })
      : await service.check(ref, { actor: '', mode: 'check' });
    const value = result.value;
    void reply.header('cache-control', 'no-store');
    return {
      env: formatEnvironmentKey(env),
      revision: result.resolved?.revision ?? null,
      opened: mayOpen,
      /** What `strata env open` prints: JSON, secrets as [secret]. */
      json: value === undefined ? '{}' : formatOutput(value, 'json', { redact: true }),
      secrets: secretPaths(value),
      environmentVariables: environmentVariables(value, { redact: true }),
      files: temporaryFiles(value, { redact: true }),
      diagnostics: result.diagnostics.map(toEscDiagnostic),
      revealed: Object.fromEntries(
        reveal.flatMap((path) => {
          const text = plaintextAt(value, path);
          return text === undefined ? [] : [[path, text]];
        }),
      ),
    };
  });
}
