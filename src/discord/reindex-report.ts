import type { BuildProgress, BuildSummary } from '../indexing/build-index.ts';
import { LIMITS, truncate } from './limits.ts';
import { safeText } from './respond.ts';

/**
 * A progress line for the reindex reply. With `finishAt` (epoch ms) the
 * embedding line ends with a Discord timestamp, which every client shows as
 * "in 3 minutes" in its own language and keeps counting down between edits.
 */
export function progressText(progress: BuildProgress, finishAt?: number): string {
  switch (progress.phase) {
    case 'scan':
      return `Reading articles: ${progress.documents} found…`;
    case 'chunk':
      return `Splitting articles into passages: ${progress.done}/${progress.total}…`;
    case 'embed':
      return `Embedding ${progress.done}/${progress.total} passages…${finishAt === undefined ? '' : ` finishing <t:${Math.ceil(finishAt / 1000)}:R>`}`;
    case 'write':
      return 'Writing the new index…';
    case 'swap':
      return 'Switching to the new index…';
  }
}

/** The final reindex report: what changed, what was skipped and why, how long it took. */
export function summaryText(summary: BuildSummary): string {
  const list = (ids: string[]) => (ids.length ? `: ${ids.slice(0, 5).map((id) => `\`${safeText(id).replace(/`/g, "'")}\``).join(', ')}${ids.length > 5 ? ', …' : ''}` : '');
  const lines = [
    `**Reindex finished** in ${(summary.durationMs / 1000).toFixed(1)} s: ${summary.documents} articles, ${summary.chunks} passages (${summary.embedded} embedded).`,
    `+${summary.added.length} new${list(summary.added)}`,
    `~${summary.changed.length} changed${list(summary.changed)}`,
    `-${summary.removed.length} removed${list(summary.removed)}`,
  ];
  if (summary.fullRebuild) lines.push(`Full rebuild: ${safeText(summary.fullRebuild)}.`);
  const skipped = summary.problems.filter((p) => p.skipped);
  const warned = summary.problems.filter((p) => !p.skipped);
  if (skipped.length) lines.push(`\n**Skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'}:**`);
  for (const p of skipped.slice(0, 15)) lines.push(`• ${safeText(p.path)}: ${safeText(truncate(p.reason, 200))}`);
  if (warned.length) lines.push(`\n**Warnings:**`);
  for (const p of warned.slice(0, 10)) lines.push(`• ${safeText(p.path)}: ${safeText(truncate(p.reason, 200))}`);
  if (skipped.length > 15 || warned.length > 10) lines.push('…and more; the bot log lists every file.');
  return truncate(lines.join('\n'), LIMITS.content);
}

/** Why a reindex failed, for the moderator who ran it; the previous index keeps answering. */
export function failedText(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return truncate(
    `**Reindex failed:** ${safeText(truncate(reason, 500))}\nThe previous index is unchanged and still answers questions. The bot log has the details.`,
    LIMITS.content,
  );
}
