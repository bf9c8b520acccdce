// Master keys the CLI opens besides key files and keys in STRATA_MASTER_KEY: awskms:// URLs. The
// KMS SDK loads only when such a key is configured.

import type { MasterKeySources } from '@strata/core';
import { AWS_MASTER_KEY_SOURCES } from '@strata/providers-aws/master-keys';

export const MASTER_KEY_SOURCES: MasterKeySources = {
  ...AWS_MASTER_KEY_SOURCES,
  awskms: (url, env) => {
    // As for S3 and aws-login: the SDK's Node-version notice is not the user's concern.
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
    return AWS_MASTER_KEY_SOURCES['awskms']!(url, env);
  },
};
