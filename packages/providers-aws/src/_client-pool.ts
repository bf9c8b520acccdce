import { createHash } from 'node:crypto';
import type { LoginCredentials } from './login-credentials.js';

/** What tells two SDK clients apart. */
export interface ClientSettings {
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly credentials: LoginCredentials;
}

/**
 * SDK clients kept between opens, by region, endpoint and credentials, so repeated opens reuse
 * their connections. The oldest is dropped (and its sockets closed) past `max`.
 */
export class ClientPool<C extends { destroy(): void }> {
  private readonly clients = new Map<string, C>();

  constructor(private readonly max = 16) {}

  get(settings: ClientSettings, make: () => C): C {
    const c = settings.credentials;
    // Hashed: the pool's keys never hold a secret in the clear.
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          settings.region,
          settings.endpoint ?? '',
          c.accessKeyId,
          c.secretAccessKey,
          c.sessionToken ?? '',
        ]),
      )
      .digest('base64');
    const found = this.clients.get(key);
    if (found !== undefined) {
      this.clients.delete(key);
      this.clients.set(key, found);
      return found;
    }
    const client = make();
    this.clients.set(key, client);
    if (this.clients.size > this.max) {
      const [oldestKey, oldest] = this.clients.entries().next().value as [string, C];
      this.clients.delete(oldestKey);
      oldest.destroy();
    }
    return client;
  }
}
