// Masks secrets in a child's output (language-spec §11.2): every occurrence of a secret, its
// JSON-escaped form and its base64 form becomes `[secret]`, also across chunk boundaries.

import { Transform, type TransformCallback } from 'node:stream';
import { SecretMatcher } from './_secret-matcher.js';

/** What a masked occurrence becomes. */
export const SECRET_MASK = '[secret]';

/** Shorter secrets are too common to mask usefully (and an empty one would match everywhere). */
export const MIN_SECRET_BYTES = 3;

const MASK_BYTES = Buffer.from(SECRET_MASK);

/** The byte patterns masked for `secrets`: each one, JSON-escaped and base64, deduplicated. */
export function secretPatterns(secrets: Iterable<string>): Buffer[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(Buffer.from(secret, 'utf8').toString('base64'));
  }
  return [...forms]
    .map((form) => Buffer.from(form, 'utf8'))
    .filter((bytes) => bytes.length >= MIN_SECRET_BYTES);
}

/**
 * A streaming masker. `write` returns the bytes that are final; only a trailing run that could
 * still begin a secret (at most the longest pattern − 1 bytes) is held back for the next chunk,
 * so ordinary output, such as a prompt, passes through at once.
 */
export class SecretMasker {
  private readonly matcher: SecretMatcher;
  private pending: Buffer = Buffer.alloc(0);

  constructor(secrets: Iterable<string>) {
    this.matcher = new SecretMatcher(secretPatterns(secrets));
  }

  write(chunk: Uint8Array): Buffer {
    return this.process(Buffer.concat([this.pending, chunk]), false);
  }

  /** The held-back bytes, masked; call once at the end of the stream. */
  end(): Buffer {
    return this.process(this.pending, true);
  }

  // Non-overlapping, leftmost first and longest at a position. An offset is decided only once
  // no later byte can make a pattern start there, so chunking never changes the result.
  private process(bytes: Buffer, final: boolean): Buffer {
    if (this.matcher.maxLength === 0) {
      this.pending = Buffer.alloc(0);
      return bytes;
    }
    const { longest, hold } = this.matcher.scan(bytes);
    const limit = final ? bytes.length : bytes.length - hold;
    const out: Buffer[] = [];
    let copied = 0;
    let i = 0;
    while (i < limit) {
      const length = longest[i]!;
      if (length === 0) {
        i++;
        continue;
      }
      out.push(bytes.subarray(copied, i), MASK_BYTES);
      i += length;
      copied = i;
    }
    out.push(bytes.subarray(copied, i));
    this.pending = Buffer.from(bytes.subarray(i));
    return Buffer.concat(out);
  }
}

/** Masks a whole text at once. */
export function maskSecrets(text: string, secrets: Iterable<string>): string {
  const masker = new SecretMasker(secrets);
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([masker.write(bytes), masker.end()]).toString('utf8');
}

/** A Transform stream that masks `secrets` in the bytes written through it. */
export function createSecretMaskStream(secrets: Iterable<string>): Transform {
  const masker = new SecretMasker(secrets);
  return new Transform({
    transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      const out = masker.write(bytes);
      callback(null, out.length > 0 ? out : undefined);
    },
    flush(callback: TransformCallback) {
      const out = masker.end();
      callback(null, out.length > 0 ? out : undefined);
    },
  });
}
