import {
  AlreadyExistsError,
  DecryptError,
  DeletionProtectedError,
  InvalidArgumentError,
  MasterKeyError,
  NotFoundError,
  RevisionRetractedError,
  StoreConflictError,
  StoreCorruptError,
  StoreIoError,
} from '@strata/core';
import { describe, expect, it } from 'vitest';
import { renderError } from '../src/render/error.js';

describe('renderError', () => {
  it.each([
    [new StoreConflictError('o/p/e', 2, 3), 4, 'conflict writing o/p/e'],
    [new NotFoundError('environment o/p/e not found'), 3, 'not found'],
    [new RevisionRetractedError('o/p/e', 2, 'leak', 1), 8, 'was retracted'],
    [new DeletionProtectedError('o/p/e'), 8, 'deletion protection is on'],
    [new AlreadyExistsError('environment o/p/e already exists'), 8, 'already exists'],
    [new InvalidArgumentError('invalid tag name'), 2, 'invalid tag name'],
    [new MasterKeyError('STRATA_MASTER_KEY is not a 32-byte key'), 6, 'not a 32-byte key'],
    [new DecryptError('cannot decrypt'), 6, 'cannot decrypt'],
    [new StoreIoError('cannot reach S3'), 7, 'cannot reach S3'],
    [new StoreCorruptError('o/p/e', 'metadata', 'bad json'), 7, 'corrupt metadata'],
    [new Error('boom'), 1, 'boom'],
  ])('%s → exit %i, one line of cause and one of hint', (error, exitCode, cause) => {
    const { text, exitCode: code } = renderError(error, false, false);
    expect(code).toBe(exitCode);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toContain(cause);
    expect(lines[0]?.startsWith('error: ')).toBe(true);
    expect(lines.length).toBeLessThanOrEqual(2);
    if (lines.length === 2) expect(lines[1]?.startsWith('hint: ')).toBe(true);
    expect(text).not.toContain('    at ');
  });

  it('adds the stack and causes only in debug mode', () => {
    const error = new StoreIoError('cannot reach S3', { cause: new Error('ECONNREFUSED') });
    const { text } = renderError(error, true, false);
    expect(text).toContain('    at ');
    expect(text).toContain('caused by: Error: ECONNREFUSED');
  });

  it('colours only when asked', () => {
    expect(renderError(new Error('x'), false, true).text).toContain('\x1b[1;31merror:\x1b[0m');
    expect(renderError(new Error('x'), false, false).text).toBe('error: x\n');
  });
});
