// The SDK client a store talks through: configured for conditional writes and S3-compatible
// servers, and counting every HTTP attempt.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export interface ResolvedS3Options {
  readonly bucket: string;
  /** Empty, or ends with `/`. */
  readonly prefix: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly forcePathStyle?: boolean;
  readonly credentials?: S3ClientConfig['credentials'];
  readonly client?: S3Client;
  readonly maxAttempts: number;
}

export interface RequestRecorder {
  record(command: string): void;
}

export interface StoreClient {
  readonly client: S3Client;
  /** The endpoint's URL, for messages that let a user find a misconfiguration. */
  endpoint(): Promise<string>;
  /** Detaches the counter; destroys the client unless it was handed in. */
  close(): void;
}

let middlewareCounter = 0;

export function createStoreClient(
  options: ResolvedS3Options,
  recorder: RequestRecorder,
): StoreClient {
  const ownsClient = options.client === undefined;
  const client =
    options.client ??
    new S3Client({
      region: options.region ?? (options.endpoint === undefined ? undefined : 'us-east-1'),
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      maxAttempts: options.maxAttempts,
      // Conditional writes are safe to retry: every object's bytes are unique (see _records.ts),
      // so a 412 after a retry is checked against what is stored (see _object-io.ts).
      retryMode: 'standard',
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      // Many S3-compatible servers reject the SDK's newer default checksum headers.
      ...(options.endpoint === undefined
        ? {}
        : {
            requestChecksumCalculation: 'WHEN_REQUIRED' as const,
            responseChecksumValidation: 'WHEN_REQUIRED' as const,
          }),
    });

  // Counted in the deserialize step, which runs once per HTTP attempt (retries included).
  const middlewareName = `strataRequestCounter${++middlewareCounter}`;
  client.middlewareStack.add(
    (next, context) => (args) => {
      recorder.record(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'deserialize', name: middlewareName },
  );

  let endpointLabel: string | undefined = options.endpoint;
  return {
    client,
    async endpoint() {
      if (endpointLabel !== undefined) return endpointLabel;
      try {
        const region = await client.config.region();
        endpointLabel = `https://s3.${region}.amazonaws.com`;
      } catch {
        endpointLabel = 'the default AWS S3 endpoint';
      }
      return endpointLabel;
    },
    close() {
      client.middlewareStack.remove(middlewareName);
      if (ownsClient) client.destroy();
    },
  };
}
