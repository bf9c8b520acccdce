// The public API of @strata/client.

export {
  createRemoteService,
  type RemoteService,
  type RemoteServiceOptions,
  type RemoteUser,
} from './remote-service.js';
