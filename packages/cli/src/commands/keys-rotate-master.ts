// `strata keys rotate-master --to <source>`: rewraps every org's data keys from the master key in
// use (STRATA_MASTER_KEY or the key file) to another. Revisions are untouched; the keyring is
// written once, after every key is rewrapped and opened again with the new key, so an interrupted
// run changes nothing and a second run finishes what is left.

import { MasterKeyError, describeMasterKey, openMasterKey, rotateMasterKey } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { keysRotateMaster } from './keys-rotate-master.command.js';
import { maxArgs } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { MASTER_KEY_SOURCES } from '../master-key-sources.js';
import { localBackend } from '../session.js';

export async function execute(ctx: CommandContext<typeof keysRotateMaster>): Promise<number> {
  maxArgs(ctx, 0);
  const to = ctx.flags.to;
  if (to === undefined || to === '')
    throw usageError(
      'missing --to <source>',
      'name the new master key: awskms://<key>?region=..., file:///path or env:NAME',
    );
  // A key on the command line would end up in shell history and process lists.
  if (!/^(env:|[a-z][a-z0-9+.-]*:\/\/)/i.test(to))
    throw usageError(
      '--to takes where the key is, not the key itself',
      'put the key in a file (file:///path) or a variable (env:NAME), or use awskms://<key>?region=...',
    );
  const session = await ctx.session();
  const { store, masterKey } = localBackend(session, 'keys rotate-master');
  let target;
  try {
    target = await openMasterKey(to, {
      env: ctx.io.env,
      sources: MASTER_KEY_SOURCES,
      create: true,
    });
  } catch (error) {
    if (error instanceof MasterKeyError && error.hint === undefined)
      throw new MasterKeyError(error.message, {
        cause: error,
        hint: 'give --to as awskms://<key>?region=..., file:///path or env:NAME',
      });
    throw error;
  }
  const count = await rotateMasterKey(store, masterKey, target);
  const from = describeMasterKey(masterKey);
  const next = describeMasterKey(target);
  const keyed = to.startsWith('env:')
    ? `"$${to.slice(4)}"`
    : target.source === target.id
      ? target.id
      : to;
  if (ctx.output === 'json') ctx.json({ rewrapped: count, from: masterKey.id, to: target.id });
  else
    ctx.out(
      count === 0
        ? `Nothing to rewrap: every data key is already wrapped by ${next}.\n`
        : `Rewrapped ${count} data key(s) from ${from} to ${next}; no revision was rewritten.\n`,
    );
  ctx.err(
    `From now on set STRATA_MASTER_KEY=${keyed} wherever this store is opened (strata, strata serve).\n`,
  );
  return EXIT.OK;
}
