// The public API of @strata/client.

export {
  createRemoteService,
  type RemoteMember,
  type RemoteService,
  type RemoteToken,
  type RemoteServiceOptions,
  type RemoteUser,
} from './remote-service.js';
