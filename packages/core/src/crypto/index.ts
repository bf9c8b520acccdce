export type { CreateKeyringOptions, SecretKeyring } from './keyring.js';
export { createKeyring } from './keyring.js';
export type { LoadMasterKeyOptions, MasterKey } from './master-key.js';
export {
  MASTER_KEY_ENV,
  createMasterKey,
  defaultMasterKeyPath,
  generateMasterKeyText,
  loadMasterKey,
  parseMasterKey,
} from './master-key.js';
export {
  STRATA_CREDENTIAL_VARIABLES,
  isStrataCredentialVariable,
  withoutStrataCredentials,
} from './credential-variables.js';
export { rotateMasterKey } from './rotate-master-key.js';
export { encryptDefinitionSecrets } from './encrypt-definition-secrets.js';
export { decryptDefinitionSecrets } from './decrypt-definition-secrets.js';
