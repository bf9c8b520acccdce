// AWS's refusal of a call no IAM policy allows, as the JSON services (Secrets Manager, SSM, KMS)
// answer it; the SDKs parse it into an AccessDeniedException.
import { AwsFault } from './aws-fault.js';
import type { SignedCaller } from './sigv4.js';

export interface AccessDeniedOptions {
  /** The resource the action was refused on; absent for actions on no resource. */
  readonly resource?: string | undefined;
  /**
   * The service whose refusal the answering service passes on (`AWSKMS` when SSM cannot decrypt):
   * AWS then appends `(Service: ...; Status Code: 400; Error Code: AccessDeniedException)`.
   */
  readonly service?: string | undefined;
}

/** `AccessDeniedException`: `caller` may not perform `action` (`kms:Decrypt`, ...). */
export function accessDenied(
  caller: SignedCaller,
  action: string,
  options: AccessDeniedOptions = {},
): AwsFault {
  const onResource = options.resource === undefined ? '' : ` on resource: ${options.resource}`;
  const passedOn =
    options.service === undefined
      ? ''
      : ` (Service: ${options.service}; Status Code: 400; Error Code: AccessDeniedException)`;
  return new AwsFault(
    400,
    'AccessDeniedException',
    `User: ${caller.arn ?? caller.accessKeyId} is not authorized to perform: ${action}${onResource} because no identity-based policy allows the ${action} action${passedOn}`,
  );
}
