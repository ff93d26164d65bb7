import type { ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../errors.ts';
import type { CommandContext } from './command.ts';
import { ALREADY_RUNNING } from './error-boundary.ts';
import { assertMayManage } from './permissions.ts';
import { summaryText } from './reindex-report.ts';
import { engineHere } from './engine-here.ts';
import { reindexWithProgress, reportReindexFailure } from './reindex-with-progress.ts';
import { deferReply, editReply } from './respond.ts';

export const REFUSED =
  'Only moderators can reindex: you need the Manage Server permission or a moderator role.';
export const ABANDONED =
  'Reindex abandoned: the bot is shutting down. The previous index is unchanged; run /reindex again after the restart.';

/**
 * /reindex: re-checks permission (default member permissions can be changed
 * by server admins), allows one at a time, replies ephemerally, edits the
 * reply with progress at most every `progressIntervalMs`, and ends with what
 * changed. Questions keep being answered from the old index meanwhile.
 * Refusals and a reindex already running (here or in another process) are
 * {@link UserError}s the error boundary shows.
 */
export async function runReindex(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { config } = context;
  assertMayManage(interaction, config, REFUSED, context.collections.mode);
  // A loaded collection that is reindexing gets an immediate note; a build in another process is found by the lock below.
  if ((await context.collections.loadedEngine(interaction.guildId))?.isReindexing) throw new UserError('reindex-running', ALREADY_RUNNING);
  await deferReply(interaction, { ephemeral: true });
  // Loading (or, for a server's first reindex, creating) a collection may take a while: after the defer.
  const engine = await engineHere(context, interaction.guildId, { create: true });
  if (engine.isReindexing) throw new UserError('reindex-running', ALREADY_RUNNING);
  context.logger.info('reindex started', { user: interaction.user.id, guild: interaction.guildId });

  try {
    const summary = await reindexWithProgress(interaction, context, engine);
    context.logger.info('reindex finished', { added: summary.added.length, changed: summary.changed.length, removed: summary.removed.length, ms: summary.durationMs });
    await editReply(interaction, { content: summaryText(summary) });
  } catch (error) {
    // The moderator needs the reason (a crashed embedding process, an unreadable folder), not the generic note.
    await reportReindexFailure(interaction, context, error, 'reindex', { abandoned: ABANDONED });
  }
}
