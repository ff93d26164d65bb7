import { UserError } from '../errors.ts';
import type { Engine } from '../engine.ts';
import type { CommandContext } from './command.ts';

export const NOTHING_IN_DMS = 'Each server has its own articles here, so questions are answered in a server, not in direct messages.';
export const NOTHING_HERE = 'Nothing is indexed here yet: a moderator can add articles with /article add.';

/** The `index-empty` refusal for a place (a server, or a DM when `guildId` is null) without a collection. */
function nothingHere(guildId: string | null): UserError {
  return new UserError('index-empty', guildId === null ? NOTHING_IN_DMS : NOTHING_HERE);
}

/** Refuses at once (before deferring) where there is nothing to answer from; loading comes after the defer. */
export async function assertCollectionHere(context: CommandContext, guildId: string | null): Promise<void> {
  if (!(await context.collections.exists(guildId))) throw nothingHere(guildId);
}

/**
 * The engine that serves `guildId` (null in a direct message). With per-server collections, a
 * server without one (and a DM) gets the `index-empty` {@link UserError} with a clear note,
 * unless `create` (a moderator adding articles or reindexing starts the server's collection).
 */
export async function engineHere(context: CommandContext, guildId: string | null, { create = false } = {}): Promise<Engine> {
  const engine = await context.collections.forGuild(guildId, { create });
  if (engine) return engine;
  throw nothingHere(guildId);
}
