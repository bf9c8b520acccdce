// The public API of @strata/client.

export {
  createRemoteService,
  type RemoteMember,
  type RemoteService,
  type RemoteToken,
  type RemoteServiceOptions,
  type RemoteUser,
} from './remote-service.js';
export {
  createAccessClient,
  type AccessClient,
  type AccessClientOptions,
  type RemoteMachineToken,
  type RemoteTeam,
} from './access-client.js';
export {
  exchangeOidcToken,
  type ExchangedToken,
  type OidcExchangeOptions,
} from './exchange-oidc-token.js';
