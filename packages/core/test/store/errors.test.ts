import { describe, expect, it } from 'vitest';
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
  StrataError,
} from '../../src/errors.js';

describe('errors', () => {
  it.each([
    [
      new StoreConflictError('a/b/c', 2, 3),
      'STORE_CONFLICT',
      'store',
      'conflict writing a/b/c: based on revision 2, but the latest is revision 3',
    ],
    [
      new StoreConflictError('a/b/c', 1, 0, { tag: 'prod' }),
      'STORE_CONFLICT',
      'store',
      'conflict moving tag prod of a/b/c: expected it at revision 1, but it is at no revision',
    ],
    [
      new StoreCorruptError('a/b/c', 'revision 4', 'bad'),
      'STORE_CORRUPT',
      'store',
      'corrupt revision 4 of a/b/c: bad',
    ],
    [new StoreIoError('disk full'), 'STORE_IO', 'store', 'disk full'],
    [new NotFoundError('x'), 'NOT_FOUND', 'service', 'x'],
    [new AlreadyExistsError('x'), 'ALREADY_EXISTS', 'service', 'x'],
    [new InvalidArgumentError('x'), 'INVALID_ARGUMENT', 'service', 'x'],
    [
      new DeletionProtectedError('a/b/c'),
      'DELETION_PROTECTED',
      'service',
      'cannot delete a/b/c: deletion protection is on',
    ],
    [
      new RevisionRetractedError('a/b/c', 2, 'leak', 1),
      'REVISION_RETRACTED',
      'service',
      'revision 2 of a/b/c was retracted (leak); use revision 1',
    ],
    [new DecryptError('x'), 'DECRYPT_FAILED', 'crypto', 'x'],
    [new MasterKeyError('x'), 'MASTER_KEY', 'crypto', 'x'],
  ])('%s has a stable code, component and message', (error, code, component, message) => {
    expect(error).toBeInstanceOf(StrataError);
    expect([error.code, error.component, error.message, error.name]).toEqual([
      code,
      component,
      message,
      error.constructor.name,
    ]);
  });

  it('keeps the cause', () => {
    const cause = new Error('EIO');
    expect(new StoreIoError('read failed', { cause }).cause).toBe(cause);
  });
});
