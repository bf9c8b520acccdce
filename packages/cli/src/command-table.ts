// The command table: every command's declaration (next to its code, in src/commands/) paired with
// the loader of that code. Nothing here loads a command's code: `load` imports it when it runs.
// The order is the order of `strata --help` and of the completion script. Only main.ts reads the
// table; commands reach it through their context (`ctx.commands`, `ctx.help()`).
import type { Command } from './command.js';
import { lazyCommand } from './command.js';
import { login } from './commands/login.command.js';
import { logout } from './commands/logout.command.js';
import { whoami } from './commands/whoami.command.js';
import { envInit } from './commands/env-init.command.js';
import { envSet } from './commands/env-set.command.js';
import { envGet } from './commands/env-get.command.js';
import { envOpen } from './commands/env-open.command.js';
import { run } from './commands/run.command.js';
import { envLs } from './commands/env-ls.command.js';
import { envRm } from './commands/env-rm.command.js';
import { envClone } from './commands/env-clone.command.js';
import { envDiff } from './commands/env-diff.command.js';
import { envVersion } from './commands/env-version.command.js';
import { envVersionHistory } from './commands/env-version-history.command.js';
import { envVersionTag } from './commands/env-version-tag.command.js';
import { envVersionTagLs } from './commands/env-version-tag-ls.command.js';
import { envVersionTagRm } from './commands/env-version-tag-rm.command.js';
import { envVersionRollback } from './commands/env-version-rollback.command.js';
import { envVersionRetract } from './commands/env-version-retract.command.js';
import { envTag } from './commands/env-tag.command.js';
import { envTagLs } from './commands/env-tag-ls.command.js';
import { envTagGet } from './commands/env-tag-get.command.js';
import { envTagMv } from './commands/env-tag-mv.command.js';
import { envTagRm } from './commands/env-tag-rm.command.js';
import { envSettingsGet } from './commands/env-settings-get.command.js';
import { envSettingsSet } from './commands/env-settings-set.command.js';
import { audit } from './commands/audit.command.js';
import { auditVerify } from './commands/audit-verify.command.js';
import { envEdit } from './commands/env-edit.command.js';
import { oidcInit } from './commands/oidc-init.command.js';
import { oidcPublish } from './commands/oidc-publish.command.js';
import { oidcShow } from './commands/oidc-show.command.js';
import { oidcIssuerAdd } from './commands/oidc-issuer-add.command.js';
import { oidcIssuerLs } from './commands/oidc-issuer-ls.command.js';
import { oidcIssuerRm } from './commands/oidc-issuer-rm.command.js';
import { oidcPolicySet } from './commands/oidc-policy-set.command.js';
import { keysRotateMaster } from './commands/keys-rotate-master.command.js';
import { keysStatus } from './commands/keys-status.command.js';
import { completion } from './commands/completion.command.js';
import { serve } from './commands/serve.command.js';
import { userAdd } from './commands/user-add.command.js';
import { userLs } from './commands/user-ls.command.js';
import { tokenCreate } from './commands/token-create.command.js';
import { tokenLs } from './commands/token-ls.command.js';
import { tokenRevoke } from './commands/token-revoke.command.js';
import { orgSetDefaultPermission } from './commands/org-set-default-permission.command.js';
import { teamCreate } from './commands/team-create.command.js';
import { teamLs } from './commands/team-ls.command.js';
import { teamRm } from './commands/team-rm.command.js';
import { teamAddMember } from './commands/team-add-member.command.js';
import { teamRemoveMember } from './commands/team-remove-member.command.js';
import { envAccessGrant } from './commands/env-access-grant.command.js';
import { envAccessRevoke } from './commands/env-access-revoke.command.js';
import { envAccessLs } from './commands/env-access-ls.command.js';

export const COMMANDS: readonly Command[] = [
  lazyCommand(login, () => import('./commands/login.js')),
  lazyCommand(logout, () => import('./commands/logout.js')),
  lazyCommand(whoami, () => import('./commands/whoami.js')),
  lazyCommand(envInit, () => import('./commands/env-init.js')),
  lazyCommand(envSet, () => import('./commands/env-set.js')),
  lazyCommand(envGet, () => import('./commands/env-get.js')),
  lazyCommand(envOpen, () => import('./commands/env-open.js')),
  lazyCommand(run, () => import('./commands/run.js')),
  lazyCommand(envLs, () => import('./commands/env-ls.js')),
  lazyCommand(envRm, () => import('./commands/env-rm.js')),
  lazyCommand(envClone, () => import('./commands/env-clone.js')),
  lazyCommand(envDiff, () => import('./commands/env-diff.js')),
  lazyCommand(envVersion, () => import('./commands/env-version.js')),
  lazyCommand(envVersionHistory, () => import('./commands/env-version-history.js')),
  lazyCommand(envVersionTag, () => import('./commands/env-version-tag.js')),
  lazyCommand(envVersionTagLs, () => import('./commands/env-version-tag-ls.js')),
  lazyCommand(envVersionTagRm, () => import('./commands/env-version-tag-rm.js')),
  lazyCommand(envVersionRollback, () => import('./commands/env-version-rollback.js')),
  lazyCommand(envVersionRetract, () => import('./commands/env-version-retract.js')),
  lazyCommand(envTag, () => import('./commands/env-tag.js')),
  lazyCommand(envTagLs, () => import('./commands/env-tag-ls.js')),
  lazyCommand(envTagGet, () => import('./commands/env-tag-get.js')),
  lazyCommand(envTagMv, () => import('./commands/env-tag-mv.js')),
  lazyCommand(envTagRm, () => import('./commands/env-tag-rm.js')),
  lazyCommand(envSettingsGet, () => import('./commands/env-settings-get.js')),
  lazyCommand(envSettingsSet, () => import('./commands/env-settings-set.js')),
  lazyCommand(audit, () => import('./commands/audit.js')),
  lazyCommand(auditVerify, () => import('./commands/audit-verify.js')),
  lazyCommand(envEdit, () => import('./commands/env-edit.js')),
  lazyCommand(oidcInit, () => import('./commands/oidc-init.js')),
  lazyCommand(oidcPublish, () => import('./commands/oidc-publish.js')),
  lazyCommand(oidcShow, () => import('./commands/oidc-show.js')),
  lazyCommand(oidcIssuerAdd, () => import('./commands/oidc-issuer-add.js')),
  lazyCommand(oidcIssuerLs, () => import('./commands/oidc-issuer-ls.js')),
  lazyCommand(oidcIssuerRm, () => import('./commands/oidc-issuer-rm.js')),
  lazyCommand(oidcPolicySet, () => import('./commands/oidc-policy-set.js')),
  lazyCommand(keysStatus, () => import('./commands/keys-status.js')),
  lazyCommand(keysRotateMaster, () => import('./commands/keys-rotate-master.js')),
  lazyCommand(serve, () => import('./commands/serve.js')),
  lazyCommand(userAdd, () => import('./commands/user-add.js')),
  lazyCommand(userLs, () => import('./commands/user-ls.js')),
  lazyCommand(tokenCreate, () => import('./commands/token-create.js')),
  lazyCommand(tokenLs, () => import('./commands/token-ls.js')),
  lazyCommand(tokenRevoke, () => import('./commands/token-revoke.js')),
  lazyCommand(orgSetDefaultPermission, () => import('./commands/org-set-default-permission.js')),
  lazyCommand(teamCreate, () => import('./commands/team-create.js')),
  lazyCommand(teamLs, () => import('./commands/team-ls.js')),
  lazyCommand(teamRm, () => import('./commands/team-rm.js')),
  lazyCommand(teamAddMember, () => import('./commands/team-add-member.js')),
  lazyCommand(teamRemoveMember, () => import('./commands/team-remove-member.js')),
  lazyCommand(envAccessGrant, () => import('./commands/env-access-grant.js')),
  lazyCommand(envAccessRevoke, () => import('./commands/env-access-revoke.js')),
  lazyCommand(envAccessLs, () => import('./commands/env-access-ls.js')),
  lazyCommand(completion, () => import('./commands/completion.js')),
];

/** Every path and alias of `commands` (the names the compile cache keys its caches by). */
export function commandPaths(commands: readonly Command[]): string[] {
  return commands.flatMap((c) => [c.path, ...(c.aliases ?? [])]);
}
