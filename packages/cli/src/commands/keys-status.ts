// `strata keys status`: the master key this process uses (where it lives, what its key service says
// about it) and, per org, the data keys with the master key that wraps each.

import { describeMasterKey } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { keysStatus } from './keys-status.command.js';
import { maxArgs } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { formatTime, renderTable } from '../render/table.js';
import { localBackend } from '../session.js';

export async function execute(ctx: CommandContext<typeof keysStatus>): Promise<number> {
  maxArgs(ctx, 0);
  const session = await ctx.session();
  const { store, masterKey } = localBackend(session, 'keys status');
  let facts: Readonly<Record<string, string>> = {};
  let unreachable: string | undefined;
  if (masterKey.describe !== undefined) {
    try {
      facts = await masterKey.describe();
    } catch (error) {
      unreachable = (error as Error).message;
    }
  }
  const doc = await store.getKeyring();
  const dataKeys = Object.entries(doc?.value.orgs ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([org, keys]) =>
      keys.map((k) => ({
        org,
        id: k.id,
        createdAt: k.createdAt,
        wrappedBy: k.masterKeyId,
        current: k.masterKeyId === masterKey.id,
      })),
    );
  const others = dataKeys.filter((k) => !k.current);

  if (ctx.output === 'json') {
    ctx.json({
      masterKey: {
        id: masterKey.id,
        source: masterKey.source,
        ...facts,
        ...(unreachable === undefined ? {} : { error: unreachable }),
      },
      dataKeys,
    });
  } else {
    let text = `Master key:  ${describeMasterKey(masterKey)}\n`;
    for (const [name, value] of Object.entries(facts))
      text += `  ${`${name}:`.padEnd(11)}${value}\n`;
    if (unreachable !== undefined) text += `  error:     ${unreachable}\n`;
    text += '\n';
    text +=
      dataKeys.length === 0
        ? 'No data keys yet: the first secret written in an org creates its key.\n'
        : renderTable(
            ['ORG', 'DATA KEY', 'CREATED', 'WRAPPED BY'],
            dataKeys.map((k) => [
              k.org,
              k.id,
              formatTime(k.createdAt),
              k.current ? `${k.wrappedBy} (this master key)` : k.wrappedBy,
            ]),
          );
    ctx.out(text);
  }
  if (others.length > 0)
    ctx.err(
      `warning: ${others.length} data key(s) are wrapped by another master key; this one cannot open their secrets. ` +
        'Run `strata keys rotate-master --to <this key>` with STRATA_MASTER_KEY set to the key that wraps them\n',
    );
  return unreachable === undefined ? EXIT.OK : EXIT.KEY;
}
