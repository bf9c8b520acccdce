// The public API of @strata/server.

export { createServer, type CreateServerOptions } from './create-server.js';
export { startServer, type RunningServer, type StartServerOptions } from './start-server.js';
export { parseGoDuration } from './go-duration.js';
export type { AuthFailureLimit } from './authenticate.js';
