// Uploads the issuer's discovery document and JWKS to an S3 bucket that AWS can fetch them from.
import type { IssuerFile } from '@strata/providers-aws';
import type { S3Location } from '@strata/store-s3/backend';

/** Puts each file under the location's prefix; returns the `s3://` URLs written. */
export async function uploadIssuerFiles(
  location: S3Location,
  files: readonly IssuerFile[],
): Promise<string[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded only here, so no other command pays for the SDK.
  const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    ...(location.region !== undefined ? { region: location.region } : {}),
    ...(location.endpoint !== undefined ? { endpoint: location.endpoint } : {}),
    ...(location.forcePathStyle !== undefined ? { forcePathStyle: location.forcePathStyle } : {}),
  });
  const prefix =
    location.prefix === '' || location.prefix.endsWith('/')
      ? location.prefix
      : `${location.prefix}/`;
  const written: string[] = [];
  try {
    for (const file of files) {
      const key = `${prefix}${file.path}`;
      await client.send(
        new PutObjectCommand({
          Bucket: location.bucket,
          Key: key,
          Body: file.body,
          ContentType: file.contentType,
        }),
      );
      written.push(`s3://${location.bucket}/${key}`);
    }
  } finally {
    client.destroy();
  }
  return written;
}
