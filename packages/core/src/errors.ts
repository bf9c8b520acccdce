// Every error class of @strata/core: each has a stable `code` and the layer that raised it.

import type { Diagnostic } from './diagnostics/diagnostic.js';

/** Which layer raised an error; the CLI uses it with `code` to pick a one-line cause and hint. */
export type ErrorComponent = 'store' | 'service' | 'crypto';

/** Base of the errors thrown by stores, the service and the crypto layer. */
export abstract class StrataError extends Error {
  abstract readonly code: string;
  abstract readonly component: ErrorComponent;
  /** What to do, when the layer that failed knows better than the CLI's hint for its code. */
  readonly hint: string | undefined;

  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options);
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/**
 * A write was based on a revision that is no longer the latest (or a tag move expected the tag
 * somewhere it no longer is). Nothing was stored.
 */
export class StoreConflictError extends StrataError {
  readonly code = 'STORE_CONFLICT';
  readonly component = 'store';

  constructor(
    readonly env: string,
    /** The revision the write was based on (for a tag: where it was expected to point). */
    readonly basedOn: number,
    /** The latest revision found instead (for a tag: where it points, 0 if it does not exist). */
    readonly latest: number,
    options?: { cause?: unknown; tag?: string },
  ) {
    super(
      options?.tag === undefined
        ? `conflict writing ${env}: based on revision ${basedOn}, but the latest is revision ${latest}`
        : `conflict moving tag ${options.tag} of ${env}: expected it at revision ${basedOn}, but it is at ${latest === 0 ? 'no revision' : `revision ${latest}`}`,
      options,
    );
  }
}

/** Data read back from a store does not have the expected shape. */
export class StoreCorruptError extends StrataError {
  readonly code = 'STORE_CORRUPT';
  readonly component = 'store';

  constructor(
    /** `org/project/name`, or another scope such as `audit log`. */
    readonly env: string,
    /** Which object: `metadata`, `revision 3`, `audit event <id>`. */
    readonly object: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`corrupt ${object} of ${env}: ${reason}`, options);
  }
}

/** A backend failed (I/O, network, locked database). */
export class StoreIoError extends StrataError {
  readonly code = 'STORE_IO';
  readonly component = 'store';
}

/** An environment, revision or tag does not exist. */
export class NotFoundError extends StrataError {
  readonly code = 'NOT_FOUND';
  readonly component = 'service';
}

/** A revision was retracted and can no longer be read or opened. */
export class RevisionRetractedError extends StrataError {
  readonly code = 'REVISION_RETRACTED';
  readonly component = 'service';

  constructor(
    readonly env: string,
    readonly revision: number,
    readonly reason: string,
    readonly replacement: number | null,
  ) {
    super(
      `revision ${revision} of ${env} was retracted` +
        (reason === '' ? '' : ` (${reason})`) +
        (replacement === null ? '' : `; use revision ${replacement}`),
    );
  }
}

/** An environment or tag to create already exists. */
export class AlreadyExistsError extends StrataError {
  readonly code = 'ALREADY_EXISTS';
  readonly component = 'service';
}

/** A name, ref, tag or option is malformed. */
export class InvalidArgumentError extends StrataError {
  readonly code = 'INVALID_ARGUMENT';
  readonly component = 'service';
}

/** Delete was refused because deletion protection is on. */
export class DeletionProtectedError extends StrataError {
  readonly code = 'DELETION_PROTECTED';
  readonly component = 'service';

  constructor(readonly env: string) {
    super(`cannot delete ${env}: deletion protection is on`);
  }
}

/** Ciphertext could not be decrypted (wrong key, tampered, or copied from another environment). */
export class DecryptError extends StrataError {
  readonly code = 'DECRYPT_FAILED';
  readonly component = 'crypto';
}

/**
 * The master key is missing, malformed or stored insecurely, or the key service holding it
 * refused or could not be reached.
 */
export class MasterKeyError extends StrataError {
  readonly code = 'MASTER_KEY';
  readonly component = 'crypto';
}

/** A definition larger than the service's `maxDefinitionBytes`. Nothing was stored. */
export class DefinitionTooLargeError extends StrataError {
  readonly code = 'DEFINITION_TOO_LARGE';
  readonly component = 'service';

  constructor(
    /** `org/project/name`. */
    readonly env: string,
    /** The definition's size in bytes of UTF-8. */
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `the definition of ${env} is ${bytes} bytes, more than the limit of ${limit} bytes; nothing was stored`,
    );
  }
}

/**
 * A definition to store has errors (the write rule: a definition with errors is never stored).
 * `diagnostics` are all of its diagnostics, warnings included, located in `definition`.
 */
export class InvalidDefinitionError extends StrataError {
  readonly code = 'INVALID_DEFINITION';
  readonly component = 'service';

  constructor(
    /** `org/project/name`. */
    readonly env: string,
    /** The definition as checked: what the diagnostics' ranges point into. */
    readonly definition: string,
    readonly diagnostics: readonly Diagnostic[],
    /** What was refused: `created`, `stored`. */
    outcome: string,
  ) {
    super(`the definition of ${env} has errors; nothing was ${outcome}`);
  }
}

/**
 * The path a single-path change touches was itself changed by another writer after the change
 * read it. Nothing was stored. A `StoreConflictError`, so its `code` is `STORE_CONFLICT`.
 */
export class PathConflictError extends StoreConflictError {
  constructor(
    env: string,
    basedOn: number,
    latest: number,
    /** The path, as shown to the user. */
    readonly path: string,
  ) {
    super(env, basedOn, latest);
    this.message = `conflict writing ${env}: ${path} was changed since revision ${basedOn} (the latest is revision ${latest})`;
  }
}

/** A request without valid credentials: no token, an unknown, revoked or expired one. */
export class AuthenticationError extends StrataError {
  readonly code = 'UNAUTHENTICATED';
  readonly component = 'service';
}

/** The caller is known but may not do this; the message names what is needed. */
export class PermissionDeniedError extends StrataError {
  readonly code = 'PERMISSION_DENIED';
  readonly component = 'service';
}
