// Tokens: the organization's own (for programs acting for the organization) and yours. Team
// tokens are with their teams.

import { access } from '../../api/access.js';
import { api } from '../../api/service.js';
import { useAsync } from '../use-async.js';
import { TokenList } from './token-list.js';

const part = encodeURIComponent;

export function TokensTab(props: { org: string }) {
  const orgTokens = useAsync(() => access().listOrgTokens(props.org), [props.org]);
  const mine = useAsync(() => api().listTokens(), []);
  return (
    <div>
      <TokenList
        title={`Organization tokens of ${props.org}`}
        tokens={orgTokens}
        create={(input) => access().createOrgToken(props.org, input)}
        revoke={async (id) => {
          await access().request('DELETE', `/api/orgs/${part(props.org)}/tokens/${part(id)}`);
        }}
      />
      <TokenList
        title="Your personal tokens"
        tokens={mine}
        create={(input) =>
          api().createToken({
            name: input.name,
            ...(input.expires === 0 ? {} : { expiresAt: new Date(input.expires * 1000) }),
          })
        }
        revoke={(id) => api().revokeToken(id)}
      />
    </div>
  );
}
