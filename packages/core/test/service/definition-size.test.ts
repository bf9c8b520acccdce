import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/crypto/keyring.js';
import { createMasterKey } from '../../src/crypto/master-key.js';
import { DEFAULT_MAX_DEFINITION_BYTES } from '../../src/service/definition-size.js';
import { DefinitionTooLargeError } from '../../src/errors.js';
import { createEnvironmentsService } from '../../src/service/environments-service.js';
import { updateDefinitionAtPath } from '../../src/service/update-definition-at-path.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import { InvalidArgumentError } from '../../src/errors.js';

const alice = { actor: 'alice' };

function service(maxDefinitionBytes?: number) {
  const store = createMemoryStore();
  return createEnvironmentsService({
    store,
    keyring: createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(7)) }),
    ...(maxDefinitionBytes === undefined ? {} : { maxDefinitionBytes }),
  });
}

/** `values:\n  v: <x...>\n` of exactly `bytes` bytes. */
const definitionOf = (bytes: number, char = 'x'): string => {
  const head = 'values:\n  v: ';
  const unit = Buffer.byteLength(char);
  return head + char.repeat((bytes - head.length - 1) / unit) + '\n';
};

describe('maxDefinitionBytes', () => {
  it('is 1 MiB by default, on create and on update', async () => {
    expect(DEFAULT_MAX_DEFINITION_BYTES).toBe(1024 * 1024);
    const s = service();
    await s.createEnvironment('a', { ...alice, definition: definitionOf(1024 * 1024) });
    const error = await s
      .createEnvironment('b', { ...alice, definition: definitionOf(1024 * 1024 + 1) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DefinitionTooLargeError);
    expect((error as DefinitionTooLargeError).code).toBe('DEFINITION_TOO_LARGE');
    expect((error as Error).message).toBe(
      'the definition of default/default/b is 1048577 bytes, more than the limit of 1048576 bytes; nothing was stored',
    );
    await expect(s.getEnvironment('b')).rejects.toThrow('not found');
    await expect(
      s.updateDefinition('a', definitionOf(1024 * 1024 + 1), { ...alice, basedOn: 1 }),
    ).rejects.toBeInstanceOf(DefinitionTooLargeError);
    expect((await s.getEnvironment('a')).latest).toBe(1);
  });

  it('counts bytes of UTF-8, not characters, and takes another limit', async () => {
    const s = service(100);
    await s.createEnvironment('a', { ...alice, definition: definitionOf(100, 'é') });
    await expect(
      s.createEnvironment('b', { ...alice, definition: definitionOf(102, 'é') }),
    ).rejects.toBeInstanceOf(DefinitionTooLargeError);
    // A change at one path goes through updateDefinition, and so through the limit.
    await expect(
      updateDefinitionAtPath(s, 'a', {
        ...alice,
        path: ['values', 'w'],
        apply: (d) => d + '  w: ' + 'y'.repeat(50) + '\n',
        check: () => Promise.resolve(undefined),
      }),
    ).rejects.toBeInstanceOf(DefinitionTooLargeError);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %s', (limit) => {
    expect(() => service(limit)).toThrow(InvalidArgumentError);
  });
});
