// A fake AWS Systems Manager Parameter Store for tests: GetParameters (at most 10 names a call, as
// AWS allows) and GetParameter over the real JSON protocol, with String, StringList and SecureString
// parameters, versions and labels (`name:3`, `name:stable`), and the errors AWS answers with.
import { createHash } from 'node:crypto';
import { accessDenied } from './access-denied.js';
import { AwsFault } from './aws-fault.js';
import {
  requireString,
  startAwsJsonServer,
  type AwsCall,
  type AwsJsonEndpoint,
} from './aws-json-server.js';
import type { CredentialLookup, SignedCaller } from './sigv4.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

export interface FakeSsmOptions {
  readonly region?: string | undefined;
  readonly account?: string | undefined;
  readonly credentials?: CredentialLookup | undefined;
  readonly latencyMs?: number | undefined;
  /** Return true to refuse a caller `ssm:GetParameter*` on a parameter (by name). */
  readonly deny?: ((caller: SignedCaller, name: string) => boolean) | undefined;
}

export interface PutParameterOptions {
  readonly type?: ParameterType;
  readonly labels?: readonly string[];
  /** The SecureString's KMS key refuses the caller: decrypting it fails with AccessDenied. */
  readonly kmsDenied?: boolean;
}

export interface FakeSsm extends AwsJsonEndpoint {
  readonly region: string;
  /** Adds a parameter or a new version of one; returns the version number. */
  putParameter(name: string, value: string, options?: PutParameterOptions): number;
}

interface ParameterVersion {
  readonly version: number;
  readonly value: string;
  readonly type: ParameterType;
  labels: string[];
  readonly modified: number;
}

interface StoredParameter {
  readonly name: string;
  readonly arn: string;
  readonly versions: ParameterVersion[];
  kmsDenied: boolean;
}

const MAX_NAMES = 10;
const KEY_ARN = 'alias/aws/ssm';

export async function startFakeSsm(options: FakeSsmOptions = {}): Promise<FakeSsm> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const parameters = new Map<string, StoredParameter>();

  const arnOf = (name: string) =>
    `arn:aws:ssm:${region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;

  /** The parameter and version a requested name (with an optional `:version` or `:label`) means. */
  const resolve = (requested: string, caller: SignedCaller) => {
    if (caller.region !== region) return undefined;
    const base = requested.startsWith('arn:')
      ? requested.replace(/^(arn:aws:ssm:[^:]*:[^:]*:parameter)(\/[^:]*)(:.*)?$/, '$2$3')
      : requested;
    const colon = base.lastIndexOf(':');
    const name = colon < 0 ? base : base.slice(0, colon);
    const selector = colon < 0 ? undefined : base.slice(colon);
    const parameter =
      parameters.get(name) ?? (name.startsWith('/') ? undefined : parameters.get(`/${name}`));
    if (parameter === undefined) return undefined;
    let version: ParameterVersion | undefined;
    if (selector === undefined) version = parameter.versions.at(-1);
    else if (/^:\d+$/.test(selector))
      version = parameter.versions.find((v) => v.version === Number(selector.slice(1)));
    else version = parameter.versions.find((v) => v.labels.includes(selector.slice(1)));
    return version === undefined ? undefined : { parameter, version, selector };
  };

  const refuseCaller = (call: AwsCall, parameter: StoredParameter) => {
    if (options.deny?.(call.caller, parameter.name) === true)
      throw accessDenied(call.caller, `ssm:${call.operation}`, { resource: parameter.arn });
  };

  const render = (
    call: AwsCall,
    found: NonNullable<ReturnType<typeof resolve>>,
    decrypt: boolean,
  ) => {
    const { parameter, version, selector } = found;
    let value = version.value;
    if (version.type === 'SecureString') {
      if (decrypt && parameter.kmsDenied)
        throw accessDenied(call.caller, 'kms:Decrypt', {
          resource: `arn:aws:kms:${region}:${account}:${KEY_ARN}`,
          service: 'AWSKMS',
        });
      // Without decryption AWS hands back the ciphertext: opaque, never the value.
      if (!decrypt) value = `AQICAH${createHash('sha256').update(version.value).digest('base64')}`;
    }
    return {
      Name: parameter.name,
      Type: version.type,
      Value: value,
      Version: version.version,
      ...(selector === undefined ? {} : { Selector: selector }),
      LastModifiedDate: version.modified / 1000,
      ARN: parameter.arn,
      DataType: 'text',
    };
  };

  const getParameters = (call: AwsCall): unknown => {
    const names = call.body.Names;
    if (!Array.isArray(names) || names.length === 0 || names.length > MAX_NAMES)
      throw new AwsFault(
        400,
        'ValidationException',
        `1 validation error detected: Value '[${Array.isArray(names) ? names.join(', ') : ''}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to ${MAX_NAMES}`,
      );
    const decrypt = call.body.WithDecryption === true;
    const found: ReturnType<typeof render>[] = [];
    const invalid: string[] = [];
    for (const requested of new Set(names as string[])) {
      const hit = resolve(requested, call.caller);
      if (hit === undefined) invalid.push(requested);
      else {
        refuseCaller(call, hit.parameter);
        found.push(render(call, hit, decrypt));
      }
    }
    return { Parameters: found, InvalidParameters: invalid };
  };

  const getParameter = (call: AwsCall): unknown => {
    const requested = requireString(call.body, 'Name');
    const hit = resolve(requested, call.caller);
    if (hit === undefined) {
      const colon = requested.lastIndexOf(':');
      if (colon > 0 && resolve(requested.slice(0, colon), call.caller) !== undefined)
        throw new AwsFault(
          400,
          'ParameterVersionNotFound',
          `Systems Manager could not find version ${requested.slice(colon + 1)} of ${requested.slice(0, colon)}. Verify the version and try again.`,
        );
      throw new AwsFault(400, 'ParameterNotFound', '');
    }
    refuseCaller(call, hit.parameter);
    return { Parameter: render(call, hit, call.body.WithDecryption === true) };
  };

  const server = await startAwsJsonServer({
    targetPrefix: 'AmazonSSM',
    credentials: options.credentials,
    latencyMs: options.latencyMs,
    handle(call) {
      if (call.operation === 'GetParameters') return getParameters(call);
      if (call.operation === 'GetParameter') return getParameter(call);
      throw new AwsFault(400, 'UnknownOperationException', `Unknown operation ${call.operation}`);
    },
  });

  return Object.assign(server, {
    region,
    putParameter(name: string, value: string, put: PutParameterOptions = {}) {
      let parameter = parameters.get(name);
      if (parameter === undefined) {
        parameter = { name, arn: arnOf(name), versions: [], kmsDenied: false };
        parameters.set(name, parameter);
      }
      const labels = [...(put.labels ?? [])];
      for (const old of parameter.versions)
        old.labels = old.labels.filter((l) => !labels.includes(l));
      const version = parameter.versions.length + 1;
      parameter.versions.push({
        version,
        value,
        type: put.type ?? 'String',
        labels,
        modified: Date.now(),
      });
      parameter.kmsDenied = put.kmsDenied ?? false;
      return version;
    },
  });
}
