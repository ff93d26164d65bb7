import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BuildProgress } from '../indexing/build-index.ts';
import { IndexBusyError } from '../store/build-lock.ts';
import { NO_MENTIONS } from './answer-message.ts';
import type { CommandContext } from './command.ts';
import { isModerator } from './permissions.ts';
import { trackEmbedding } from '../indexing/embedding-pace.ts';
import { failedText, progressText, summaryText } from './reindex-report.ts';

export const REFUSED =
  'Only moderators can reindex: you need the Manage Server permission or a moderator role.';
export const ABANDONED =
  'Reindex abandoned: the bot is shutting down. The previous index is unchanged; run /reindex again after the restart.';
export const ALREADY_RUNNING = 'A reindex is already running; its reply shows the progress. Try again when it has finished.';

/**
 * /reindex: re-checks permission (default member permissions can be changed
 * by server admins), allows one at a time, replies ephemerally, edits the
 * reply with progress at most every `progressIntervalMs`, and ends with what
 * changed. Questions keep being answered from the old index meanwhile.
 */
export async function runReindex(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { engine, config } = context;
  if (!interaction.inGuild() || !isModerator(interaction.memberPermissions, interaction.member, config.moderatorRoleIds)) {
    await interaction.reply({ content: REFUSED, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }
  if (engine.isReindexing) {
    await interaction.reply({ content: ALREADY_RUNNING, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  context.logger.info('reindex started', { user: interaction.user.id, guild: interaction.guildId });

  // Edits are chained so they reach Discord in order, and throttled.
  let lastEdit = -Infinity;
  let edits = Promise.resolve();
  const edit = (content: string) => {
    edits = edits
      .then(() => interaction.editReply({ content, allowedMentions: NO_MENTIONS }))
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
    await interaction.editReply({ content: summaryText(summary), allowedMentions: NO_MENTIONS });
  } catch (error) {
    await edits;
    if (error instanceof IndexBusyError) {
      await interaction.editReply({ content: ALREADY_RUNNING, allowedMentions: NO_MENTIONS });
      return;
    }
    if (context.shutdown.aborted) {
      context.logger.info('reindex abandoned: the bot is shutting down');
      await interaction.editReply({ content: ABANDONED, allowedMentions: NO_MENTIONS });
      return;
    }
    // The moderator needs the reason (a crashed embedding process, an unreadable folder), not "try again".
    context.logger.error('reindex failed', { error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) });
    await interaction.editReply({ content: failedText(error), allowedMentions: NO_MENTIONS });
  }
}
