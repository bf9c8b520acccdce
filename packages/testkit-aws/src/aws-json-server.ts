// The AWS JSON 1.1 protocol on loopback, shared by the fakes of Secrets Manager, SSM and KMS:
// `POST /` with `x-amz-target: <Prefix>.<Operation>`, a SigV4-signed JSON body, a JSON answer,
// and errors as `{"__type": ..., "message": ...}` with AWS's status codes.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsFault } from './aws-fault.js';
import { verifySignature, type CredentialLookup, type SignedCaller } from './sigv4.js';

/** One request a fake received. */
export interface AwsCall {
  readonly operation: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly caller: SignedCaller;
}

export interface AwsJsonServerOptions {
  /** The `x-amz-target` prefix: `secretsmanager`, `AmazonSSM`, `TrentService`. */
  readonly targetPrefix: string;
  /** Credentials whose signatures are verified; absent, any well-formed signature passes. */
  readonly credentials?: CredentialLookup | undefined;
  /** Added before every answer, like a network round trip (default 0). */
  readonly latencyMs?: number | undefined;
  readonly handle: (call: AwsCall) => unknown;
}

/** What every fake offers besides its own state. */
export interface AwsJsonEndpoint {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL_<SERVICE>` or a client's `endpoint`. */
  readonly endpoint: string;
  /** Every request, in arrival order. */
  readonly calls: readonly AwsCall[];
  /** The most requests that were in flight at once. */
  readonly maxInFlight: number;
  /** Delay added before each answer (ms). */
  latencyMs: number;
  /** The next `times` calls of `operation` (any, when `*`) fail with `fault`. */
  failNext(operation: string, fault: AwsFault, times?: number): void;
  close(): Promise<void>;
}

export async function startAwsJsonServer(options: AwsJsonServerOptions): Promise<AwsJsonEndpoint> {
  const calls: AwsCall[] = [];
  const faults: { operation: string; fault: AwsFault; times: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      let status = 200;
      let answer: unknown;
      try {
        answer = await respond(req, raw);
      } catch (error) {
        const fault =
          error instanceof AwsFault ? error : new AwsFault(500, 'InternalFailure', String(error));
        status = fault.status;
        answer = { __type: fault.type, message: fault.message };
      }
      if (endpoint.latencyMs > 0) await new Promise((r) => setTimeout(r, endpoint.latencyMs));
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
      });
      res.end(JSON.stringify(answer));
    } finally {
      inFlight--;
    }
  };

  const respond = (req: IncomingMessage, raw: Buffer): unknown => {
    const caller = verifySignature(req, raw, options.credentials);
    const target = String(req.headers['x-amz-target'] ?? '');
    const prefix = `${options.targetPrefix}.`;
    if (req.method !== 'POST' || !target.startsWith(prefix))
      throw new AwsFault(400, 'UnknownOperationException', `Unknown operation ${target}`);
    if (!String(req.headers['content-type']).startsWith('application/x-amz-json-1.1'))
      throw new AwsFault(400, 'SerializationException', 'Expected application/x-amz-json-1.1');
    let body: Record<string, unknown>;
    try {
      body = raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    } catch {
      throw new AwsFault(400, 'SerializationException', 'Malformed JSON body');
    }
    const call: AwsCall = { operation: target.slice(prefix.length), body, caller };
    calls.push(call);
    const injected = faults.find((f) => f.operation === call.operation || f.operation === '*');
    if (injected !== undefined) {
      if (--injected.times <= 0) faults.splice(faults.indexOf(injected), 1);
      throw injected.fault;
    }
    return options.handle(call);
  };

  const server = createServer((req, res) => void handle(req, res));
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const endpoint: AwsJsonEndpoint = {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    get maxInFlight() {
      return maxInFlight;
    },
    latencyMs: options.latencyMs ?? 0,
    failNext(operation, fault, times = 1) {
      faults.push({ operation, fault, times });
    },
    close: () => closeServer(server),
  };
  return endpoint;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A required string field of a request, or the ValidationException AWS answers. */
export function requireString(body: Readonly<Record<string, unknown>>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '')
    throw new AwsFault(
      400,
      'ValidationException',
      `1 validation error detected: Value null at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}
