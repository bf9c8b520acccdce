import { MasterKeyError } from '@strata/core';
import { nonEmpty } from '../non-empty.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A master key in AWS KMS, as `awskms://<key id, key ARN, alias or alias ARN>?region=...` names it. */
export interface KmsKeyUrl {
  /** The key as KMS takes it in `KeyId`: `alias/strata`, a key ID, or an ARN. */
  readonly key: string;
  readonly region: string;
  /** An endpoint to send requests to instead of AWS's (`endpoint=` or `AWS_ENDPOINT_URL_KMS`). */
  readonly endpoint: string | undefined;
  /** The URL written one way only: it is the master key's id, recorded next to each data key. */
  readonly canonical: string;
}

export const KMS_SCHEME = 'awskms';

/**
 * Parses `awskms://alias/strata?region=eu-west-1`, `awskms://<key id>?region=...` or
 * `awskms://arn:aws:kms:eu-west-1:123456789012:key/<id>` (an ARN carries its region). The region
 * is otherwise `AWS_REGION` or `AWS_DEFAULT_REGION`.
 */
export function parseKmsKeyUrl(url: string, env: Env = process.env): KmsKeyUrl {
  const prefix = `${KMS_SCHEME}://`;
  if (!url.toLowerCase().startsWith(prefix))
    throw new MasterKeyError(`not a KMS key URL: ${JSON.stringify(url)}`, {
      hint: 'write it awskms://<key id, key ARN or alias/name>?region=<region>',
    });
  const rest = url.slice(prefix.length);
  const question = rest.indexOf('?');
  const key = decodeURIComponent(question < 0 ? rest : rest.slice(0, question));
  const params = new URLSearchParams(question < 0 ? '' : rest.slice(question + 1));
  if (key === '')
    throw new MasterKeyError(`${url} names no KMS key`, {
      hint: 'write it awskms://<key id, key ARN or alias/name>?region=<region>',
    });
  for (const name of params.keys())
    if (name !== 'region' && name !== 'endpoint')
      throw new MasterKeyError(`${url}: unknown parameter ${JSON.stringify(name)}`, {
        hint: 'an awskms:// URL takes region= and endpoint=',
      });

  const arnRegion = /^arn:aws[a-z-]*:kms:([^:]+):/.exec(key)?.[1];
  const given = nonEmpty(params.get('region') ?? undefined);
  if (arnRegion !== undefined && given !== undefined && given !== arnRegion)
    throw new MasterKeyError(`${url}: region ${given} differs from the key ARN's ${arnRegion}`, {
      hint: 'drop ?region= (an ARN names its region)',
    });
  const region =
    arnRegion ?? given ?? nonEmpty(env['AWS_REGION']) ?? nonEmpty(env['AWS_DEFAULT_REGION']);
  if (region === undefined)
    throw new MasterKeyError(`${url} names no region`, {
      hint: `add ?region=<region> (e.g. ${prefix}${key}?region=us-east-1), or set AWS_REGION`,
    });
  const endpoint =
    nonEmpty(params.get('endpoint') ?? undefined) ??
    nonEmpty(env['AWS_ENDPOINT_URL_KMS']) ??
    nonEmpty(env['AWS_ENDPOINT_URL']);
  return {
    key,
    region,
    endpoint,
    canonical: arnRegion === undefined ? `${prefix}${key}?region=${region}` : `${prefix}${key}`,
  };
}
