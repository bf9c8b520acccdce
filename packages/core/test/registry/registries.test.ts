import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/eval/host-interfaces.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { BackendRegistry, type Backend } from '../../src/registry/backend-registry.js';
import { createProviderRegistry } from '../../src/registry/provider-registry.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';

const echo: Provider = {
  schema: () => ({ inputs: true, outputs: true }),
  open: (inputs) => Promise.resolve(inputs),
};

describe('provider registry', () => {
  it('builds a registered provider once, on first use', async () => {
    let builds = 0;
    const registry = createProviderRegistry().registerProvider('echo', () => {
      builds++;
      return echo;
    });
    expect(builds).toBe(0);
    expect(await registry.loadProvider('echo')).toBe(echo);
    expect(await registry.loadProvider('echo')).toBe(echo);
    expect(builds).toBe(1);
    expect(registry.providerNames()).toEqual(['echo']);
  });

  it('answers an unknown name as ESC does, and retries a build that failed', async () => {
    let attempts = 0;
    const registry = createProviderRegistry().registerProvider('flaky', () => {
      if (++attempts === 1) throw new Error('not yet');
      return echo;
    });
    await expect(registry.loadProvider('nope')).rejects.toThrow('unknown provider "nope"');
    await expect(registry.loadRotator('nope')).rejects.toThrow('unknown rotator "nope"');
    await expect(registry.loadProvider('flaky')).rejects.toThrow('not yet');
    expect(await registry.loadProvider('flaky')).toBe(echo);
  });
});

describe('backend registry', () => {
  const opened: string[] = [];
  const memory: Backend<{ scheme: 'mem'; name: string }> = {
    scheme: 'mem',
    forms: 'mem://name',
    parse: (url) => ({ scheme: 'mem', name: url.slice('mem://'.length) }),
    format: (location) => `mem://${location.name}`,
    open: (location) => {
      opened.push(location.name);
      return Promise.resolve(createMemoryStore());
    },
  };

  it('parses, formats and opens with the backend of the URL scheme', async () => {
    const registry = new BackendRegistry([memory]);
    const location = registry.parse('MEM://team', '/');
    expect(registry.format(location)).toBe('mem://team');
    await registry.open(location);
    expect(opened).toEqual(['team']);
  });

  it('refuses a scheme nobody registered', () => {
    const registry = new BackendRegistry([memory]);
    expect(() => registry.parse('ftp://x', '/')).toThrow(InvalidArgumentError);
    expect(() => registry.parse('no scheme', '/')).toThrow(
      'invalid backend "no scheme": unknown scheme',
    );
    expect(registry.forms()).toBe('mem://name');
  });
});
