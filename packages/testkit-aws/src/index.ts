export {
  startFakeSts,
  serveDirectory,
  type FakeSts,
  type FakeStsOptions,
  type FakeTrustPolicy,
} from './fake-sts.js';
export {
  startFakeSecretsManager,
  type FakeSecretsManager,
  type FakeSecretsManagerOptions,
  type PutSecretOptions,
} from './fake-secrets-manager.js';
export {
  startFakeSsm,
  type FakeSsm,
  type FakeSsmOptions,
  type ParameterType,
  type PutParameterOptions,
} from './fake-ssm.js';
export { startFakeKms, type FakeKms, type FakeKmsKey, type FakeKmsOptions } from './fake-kms.js';
export { AWS_FAULTS, AwsFault } from './aws-fault.js';
export type { AwsCall, AwsJsonEndpoint } from './aws-json-server.js';
export {
  staticCredentials,
  type CredentialLookup,
  type KnownCredentials,
  type SignedCaller,
} from './sigv4.js';
