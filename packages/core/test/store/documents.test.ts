import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import {
  checkDocumentKey,
  createMemoryDocuments,
  documentJson,
} from '../../src/store/documents.js';
import { InvalidArgumentError } from '../../src/errors.js';

describe('document rules', () => {
  it.each([
    ['users', 'alice'],
    ['access-tokens', 'a'.repeat(200)],
    ['open-sessions', 'urn:x@y.z_1-2'],
    ['0', '.a'],
    ['x'.repeat(64), 'a..'],
  ])('accepts %s/%s', (collection, id) => {
    expect(() => checkDocumentKey(collection, id)).not.toThrow();
  });

  it.each([
    ['users', ''],
    ['users', 'a/b'],
    ['users', '..'],
    ['users', '.'],
    ['users', 'a'.repeat(201)],
    ['users', 'ä'],
    ['Users', 'a'],
    ['', 'a'],
    ['-users', 'a'],
    ['x'.repeat(65), 'a'],
    ['a/b', 'c'],
  ])('refuses %j/%j', (collection, id) => {
    expect(() => checkDocumentKey(collection, id)).toThrow(InvalidArgumentError);
  });

  it('writes values as JSON and refuses what JSON cannot hold', () => {
    expect(documentJson({ a: [1, 'b', null], u: undefined })).toBe('{"a":[1,"b",null]}');
    expect(documentJson('text')).toBe('"text"');
    for (const bad of [undefined, () => 1, 1n])
      expect(() => documentJson(bad)).toThrow(InvalidArgumentError);
  });
});

describe('memory documents', () => {
  it('are the memory store’s own: two stores, or a store and a DocumentStore, share nothing', async () => {
    const a = createMemoryStore();
    const b = createMemoryStore();
    const loose = createMemoryDocuments();
    await a.putDocument('users', 'alice', { in: 'a' }, null);
    expect(await b.getDocument('users', 'alice')).toBeUndefined();
    expect(await loose.getDocument('users', 'alice')).toBeUndefined();
    expect((await a.getDocument('users', 'alice'))?.value).toEqual({ in: 'a' });
  });

  it('refuses bad ids with a rejected promise, not a throw', async () => {
    const docs = createMemoryDocuments();
    const pending = docs.getDocument('users', '../x');
    await expect(pending).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(docs.listDocuments('Bad', { limit: 1 })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });
});
