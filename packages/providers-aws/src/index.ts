// The public API of @strata/providers-aws. Internal files (named `_*.ts`) are never re-exported.

export { createAwsProviders, type AwsProvidersOptions } from './create-aws-providers.js';
export { AWS_PROVIDER_NAMES, registerAwsProviders } from './register-aws-providers.js';
export { createAwsLoginProvider, type AwsLoginOptions } from './aws-login-provider.js';
export { AWS_LOGIN_INPUTS, AWS_LOGIN_OUTPUTS, AWS_LOGIN_SCHEMAS } from './aws-login-schema.js';
export {
  AwsLoginError,
  explainStsError,
  stsErrorCode,
  type LoginAttempt,
} from './explain-sts-error.js';
export { parseDuration } from './parse-duration.js';

// reading Secrets Manager and Parameter Store with aws-login's credentials
export { createAwsSecretsProvider, type AwsSecretsOptions } from './aws-secrets-provider.js';
export {
  createAwsParameterStoreProvider,
  type AwsParameterStoreOptions,
} from './aws-parameter-store-provider.js';
export {
  AWS_LOGIN_INPUT,
  AWS_SECRETS_INPUTS,
  AWS_SECRETS_OUTPUTS,
  AWS_SECRETS_SCHEMAS,
} from './aws-secrets-schema.js';
export {
  AWS_PARAMETER_STORE_INPUTS,
  AWS_PARAMETER_STORE_OUTPUTS,
  AWS_PARAMETER_STORE_SCHEMAS,
} from './aws-parameter-store-schema.js';
export { DEFAULT_CONCURRENCY, type AwsServiceOptions } from './aws-service-options.js';
export {
  awsErrorCode,
  classifyAwsError,
  explainAwsError,
  type AwsFailure,
  type AwsReadAttempt,
} from './explain-aws-error.js';
export { readLogin, sdkCredentials, type LoginCredentials } from './login-credentials.js';
export { LoginDirectory } from './login-directory.js';

// a master key in AWS KMS
export { AWS_MASTER_KEY_SOURCES } from './register-aws-master-keys.js';
export {
  encryptionContext,
  openKmsMasterKey,
  type KmsMasterKeyOptions,
} from './kms/kms-master-key.js';
export { KMS_SCHEME, parseKmsKeyUrl, type KmsKeyUrl } from './kms/kms-key-url.js';

// credential reuse
export {
  createMemoryCredentialCache,
  credentialCacheKeyString,
  isReusable,
  REUSE_MARGIN_MS,
  type AwsCredentials,
  type CredentialCache,
  type CredentialCacheKey,
} from './credential-cache.js';
export {
  clearFileCredentialCache,
  createFileCredentialCache,
  type FileCredentialCacheOptions,
} from './file-credential-cache.js';

// Strata as an OIDC issuer
export {
  createSigningKey,
  importSigningKey,
  type SigningAlgorithm,
  type SigningKey,
} from './oidc/signing-key.js';
export { normalizeIssuerUrl, type OidcIssuer } from './oidc/issuer.js';
export {
  decryptPrivateJwk,
  encryptPrivateJwk,
  issuerKeyName,
  parseIssuerRecord,
  UNDECRYPTABLE_ISSUER_HINT,
  type IssuerRecord,
} from './oidc/issuer-record.js';
export {
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  signIdentityToken,
  type TokenClaims,
} from './oidc/sign-token.js';
export {
  buildJwks,
  buildOpenIdConfiguration,
  type OpenIdConfiguration,
} from './oidc/issuer-documents.js';
export { issuerFiles, publishIssuer, type IssuerFile } from './oidc/publish-issuer.js';
export { buildSubject, identityFromContext, type OpenIdentity } from './oidc/build-subject.js';
export {
  commandTokenSource,
  fileTokenSource,
  issuerTokenSource,
  tokenSourceFromEnv,
  type TokenRequest,
  type TokenSource,
} from './oidc/token-sources.js';
