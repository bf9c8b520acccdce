import type { FastifyInstance } from 'fastify';
import {
  Accounts,
  createEnvironmentsService,
  createKeyring,
  createMasterKey,
  createMemoryDocuments,
  createMemoryStore,
  Teams,
  type DocumentStore,
  type Store,
} from '@strata/core';
import { createServer, type CreateServerOptions } from '../src/index.js';

export interface TestServer {
  readonly app: FastifyInstance;
  /** The admin's token (user `admin`, admin of org `acme`). */
  readonly token: string;
  readonly accounts: Accounts;
  /** The teams of the server's documents (what an admin changes through the teams API). */
  readonly teams: Teams;
  readonly store: Store;
  readonly documents: DocumentStore;
  /** `inject` with the admin's token unless `token` is given (`null`: none). */
  request(
    method: string,
    url: string,
    options?: { body?: string | object; token?: string | null; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    body: string;
    json: () => unknown;
    headers: Record<string, unknown>;
  }>;
}

/** A server over a memory store, initialized with org `acme` and its admin. */
export async function testServer(
  options: Partial<CreateServerOptions> & { store?: Store; documents?: DocumentStore } = {},
): Promise<TestServer> {
  const store = options.store ?? createMemoryStore();
  const documents = options.documents ?? createMemoryDocuments();
  const keyring = createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(3)) });
  const service = createEnvironmentsService({ store, keyring, defaultOrg: 'acme' });
  const accounts = new Accounts(documents, options.now === undefined ? {} : { now: options.now });
  const { token } = await accounts.initialize({ admin: 'admin', org: 'acme' });
  const app = await createServer({ service, documents, ...options });
  return {
    app,
    token,
    accounts,
    teams: new Teams(documents, accounts),
    store,
    documents,
    async request(method, url, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      const auth = opts.token === undefined ? token : opts.token;
      if (auth !== null) headers['authorization'] = `token ${auth}`;
      const body = typeof opts.body === 'object' ? JSON.stringify(opts.body) : opts.body;
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(body === undefined ? {} : { payload: body }),
      });
      return {
        status: response.statusCode,
        body: response.body,
        json: () => JSON.parse(response.body) as unknown,
        headers: response.headers,
      };
    },
  };
}
