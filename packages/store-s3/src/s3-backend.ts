// `s3://` backend URLs. A light module: parsing a URL loads no AWS SDK; opening does.

import type { Backend, BackendLocation } from '@strata/core';
import { InvalidArgumentError } from '@strata/core';

export interface S3Location extends BackendLocation {
  readonly scheme: 's3';
  readonly bucket: string;
  /** The key prefix, as given (`''` for none). */
  readonly prefix: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly forcePathStyle?: boolean;
}

/** `s3://bucket/prefix?region=...&endpoint=...&forcePathStyle=true`. */
export function createS3Backend(): Backend<S3Location> {
  return {
    scheme: 's3',
    forms: 's3://bucket/prefix?region=...&endpoint=...&forcePathStyle=true',
    parse(text: string): S3Location {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw new InvalidArgumentError(`invalid backend ${JSON.stringify(text)}`);
      }
      const bucket = url.hostname;
      if (bucket === '')
        throw new InvalidArgumentError(`invalid backend ${JSON.stringify(text)}: no bucket`);
      const prefix = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
      const location: {
        scheme: 's3';
        bucket: string;
        prefix: string;
        region?: string;
        endpoint?: string;
        forcePathStyle?: boolean;
      } = { scheme: 's3', bucket, prefix };
      for (const [key, value] of url.searchParams) {
        if (key === 'region') location.region = value;
        else if (key === 'endpoint') location.endpoint = value;
        else if (key === 'forcePathStyle') {
          if (value !== 'true' && value !== 'false')
            throw new InvalidArgumentError('invalid backend: forcePathStyle must be true or false');
          location.forcePathStyle = value === 'true';
        } else {
          throw new InvalidArgumentError(
            `invalid backend: unknown parameter ${JSON.stringify(key)}`,
          );
        }
      }
      return location;
    },
    format(location) {
      const params = new URLSearchParams();
      if (location.region !== undefined) params.set('region', location.region);
      if (location.endpoint !== undefined) params.set('endpoint', location.endpoint);
      if (location.forcePathStyle !== undefined)
        params.set('forcePathStyle', String(location.forcePathStyle));
      const query = params.size > 0 ? `?${params.toString()}` : '';
      return `s3://${location.bucket}/${location.prefix}${query}`;
    },
    async open(location) {
      // Strata supports Node 20; the SDK's notice about its own future plans is noise for users.
      process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
      const { createS3Store } = await import('./create-s3-store.js');
      return createS3Store({
        bucket: location.bucket,
        ...(location.prefix === '' ? {} : { prefix: location.prefix }),
        ...(location.region === undefined ? {} : { region: location.region }),
        ...(location.endpoint === undefined ? {} : { endpoint: location.endpoint }),
        ...(location.forcePathStyle === undefined
          ? {}
          : { forcePathStyle: location.forcePathStyle }),
      });
    },
  };
}
