import type { ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../errors.ts';
import type { BuildProgress } from '../indexing/build-index.ts';
import { trackEmbedding } from '../indexing/embedding-pace.ts';
import type { CommandContext } from './command.ts';
import { ALREADY_RUNNING } from './error-boundary.ts';
import { isModerator } from './permissions.ts';
import { failedText, progressText, summaryText } from './reindex-report.ts';
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
  const { engine, config } = context;
  if (!interaction.inGuild() || !isModerator(interaction.memberPermissions, interaction.member, config.moderatorRoleIds)) {
    throw new UserError('not-allowed', REFUSED);
  }
  // Checked before deferring so the note is an immediate reply; a build in another process is found by the lock below.
  if (engine.isReindexing) throw new UserError('reindex-running', ALREADY_RUNNING);
  await deferReply(interaction, { ephemeral: true });
  context.logger.info('reindex started', { user: interaction.user.id, guild: interaction.guildId });

  // Edits are chained so they reach Discord in order, and throttled.
  let lastEdit = -Infinity;
  let edits = Promise.resolve();
  const edit = (content: string) => {
    edits = edits
      .then(() => editReply(interaction, { content }))
      .then(
        () => undefined,
        (error: unknown) => context.logger.warn('could not edit the reindex progress', { error: String(error) }),
      );
  };
  const pace = trackEmbedding();
  const onProgress = (progress: BuildProgress) => {
    const finishAt = progress.phase === 'embed' ? pace.update(progress.done, progress.total).finishAt : undefined;
    const now = performance.now();
    if (now - lastEdit < context.progressIntervalMs) return;
    lastEdit = now;
    edit(progressText(progress, finishAt));
  };

  try {
    const summary = await engine.reindex({ onProgress, signal: context.shutdown });
    context.logger.info('reindex finished', { added: summary.added.length, changed: summary.changed.length, removed: summary.removed.length, ms: summary.durationMs });
    await edits;
    await editReply(interaction, { content: summaryText(summary) });
  } catch (error) {
    await edits;
    if (error instanceof UserError) throw error;
    if (context.shutdown.aborted) {
      context.logger.info('reindex abandoned: the bot is shutting down');
      await editReply(interaction, { content: ABANDONED });
      return;
    }
    // The moderator needs the reason (a crashed embedding process, an unreadable folder), not the generic note.
    context.logger.error('reindex failed', { error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) });
    await editReply(interaction, { content: failedText(error) });
  }
}
