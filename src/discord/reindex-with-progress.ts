import type { RepliableInteraction } from 'discord.js';
import type { Engine } from '../engine.ts';
import { UserError } from '../errors.ts';
import type { BuildProgress, BuildSummary } from '../indexing/build-index.ts';
import { trackEmbedding } from '../indexing/embedding-pace.ts';
import type { CommandContext } from './command.ts';
import { failedText, progressText } from './reindex-report.ts';
import { editReply } from './respond.ts';

/**
 * Runs an (incremental) reindex while editing the interaction's deferred reply with its progress,
 * at most every `progressIntervalMs`; edits are chained so they reach Discord in order, and all
 * of them have landed when this settles, so the caller's final edit is the last one.
 */
export async function reindexWithProgress(interaction: RepliableInteraction, context: CommandContext, engine: Engine, prefix = ''): Promise<BuildSummary> {
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
    edit(`${prefix}${progressText(progress, finishAt)}`);
  };
  try {
    // Other servers' reindexes go first, one at a time: say where this one stands.
    const onQueued = (position: number) => edit(`${prefix}Waiting for ${position === 1 ? 'another server’s reindex' : `${position} other servers’ reindexes`} to finish…`);
    return await engine.reindex({ onProgress, signal: context.shutdown, onQueued });
  } finally {
    await edits;
  }
}

/**
 * Ends the deferred reply of a reindex that threw: a {@link UserError} is rethrown for the error
 * boundary; when the bot is shutting down the reply says the work was abandoned; any other
 * failure is logged with its stack and the moderator is told the reason (not the generic note).
 *
 * @param what - what was reindexed, for the log (`reindex`, `reindex for an article change`)
 * @param words.abandoned - the reply when shutting down; `words.failed` turns the reason into the reply
 */
export async function reportReindexFailure(
  interaction: RepliableInteraction,
  context: CommandContext,
  error: unknown,
  what: string,
  words: { abandoned: string; failed?: (reason: string) => string },
): Promise<void> {
  if (error instanceof UserError) throw error;
  if (context.shutdown.aborted) {
    context.logger.info(`${what} abandoned: the bot is shutting down`);
    await editReply(interaction, { content: words.abandoned });
    return;
  }
  context.logger.error(`${what} failed`, { error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) });
  const reason = failedText(error);
  await editReply(interaction, { content: words.failed ? words.failed(reason) : reason });
}
