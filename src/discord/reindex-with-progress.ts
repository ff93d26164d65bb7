import type { RepliableInteraction } from 'discord.js';
import type { Engine } from '../engine.ts';
import type { BuildProgress, BuildSummary } from '../indexing/build-index.ts';
import { trackEmbedding } from '../indexing/embedding-pace.ts';
import type { CommandContext } from './command.ts';
import { progressText } from './reindex-report.ts';
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
