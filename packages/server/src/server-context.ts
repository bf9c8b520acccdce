import type { Accounts, Authorizer, EnvironmentsService, Principal, Teams } from '@strata/core';

/** What the routes translate HTTP into: the service, accounts and authorization. */
export interface ServerContext {
  readonly service: EnvironmentsService;
  readonly accounts: Accounts;
  readonly teams: Teams;
  readonly authorizer: Authorizer;
  /** `the store` or `the store s3://envs/team`, for answers about its availability. */
  readonly storeName: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set by the authentication hook on every route but the health checks. */
    principal?: Principal;
  }
}
