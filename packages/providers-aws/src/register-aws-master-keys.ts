// How a host lets a master key live in AWS KMS. A light module: the KMS SDK loads on first use.

import type { MasterKeySources } from '@strata/core';

/** `awskms://...` master keys, for `loadMasterKey({ sources })` and `openMasterKey`. */
export const AWS_MASTER_KEY_SOURCES: MasterKeySources = {
  awskms: async (url, env) =>
    (await import('./kms/kms-master-key.js')).openKmsMasterKey(url, { env }),
};
