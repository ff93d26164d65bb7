import cliProgress from 'cli-progress';
import pc from 'picocolors';
import type { ModelLoadProgress } from '../embedding/embedder.ts';
import { trackDownloads } from '../embedding/download-events.ts';
import type { BuildProgress, BuildSummary } from '../indexing/build-index.ts';
import { trackEmbedding } from '../indexing/embedding-pace.ts';
import type { FolderCopy } from '../db/postgres-article-source.ts';

const out = process.stderr;
const interactive = Boolean(out.isTTY);

/**
 * Draws model downloads and index builds on stderr (stdout stays clean for
 * answers and --json): a progress bar in a terminal, a few plain lines otherwise.
 */
export function createProgressReporter() {
  let bar: cliProgress.SingleBar | null = null;
  let barLabel = '';
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  const start = (label: string, total: number, unit: string) => {
    stop();
    barLabel = label;
    if (!interactive) {
      out.write(`${label}...\n`);
      return;
    }
    bar = new cliProgress.SingleBar(
      {
        // A real model embeds ~30 passages/s on two cores: a big folder takes minutes, so say how many.
        format: `${label} [{bar}] {value}/{total} ${unit}{left}`,
        stream: out,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { left: '' });
  };
  const downloads = trackDownloads();
  const pace = trackEmbedding();

  return {
    model(event: ModelLoadProgress) {
      // An offline attempt must not claim to download anything.
      if (downloads.started(event)) out.write(`Downloading ${event.file} (first use only)...\n`);
      if (event.status === 'progress' && event.total && event.total > 5_000_000 && interactive) {
        const label = `Downloading ${event.file}`;
        const totalKb = Math.round(event.total / 1024);
        if (barLabel !== label || !bar) start(label, totalKb, 'KiB');
        bar?.update(Math.round((event.loaded ?? 0) / 1024), { left: '' });
      }
      if (event.status === 'done' && barLabel === `Downloading ${event.file}`) stop();
    },
    build(event: BuildProgress) {
      if (event.phase === 'scan') out.write(`Reading articles: ${event.documents} found\n`);
      else if (event.phase === 'embed') {
        const { finishAt, newTenth } = pace.update(event.done, event.total);
        if (event.done === 0 && event.total > 0) start('Embedding passages', event.total, 'passages');
        else bar?.update(event.done, { left: timeLeft(finishAt) });
        // Piped output (a log file, CI) gets a plain line every tenth of the way instead of a bar.
        if (!interactive && newTenth) out.write(`  ${event.done}/${event.total} passages\n`);
        if (event.done === event.total) stop();
      } else if (event.phase === 'swap') stop();
    },
    done() {
      stop();
    },
  };
}

/** ", about 3 min left"; nothing until there is a pace. */
function timeLeft(finishAt: number | undefined): string {
  if (finishAt === undefined) return '';
  const seconds = (finishAt - Date.now()) / 1000;
  return `, about ${seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`} left`;
}

/** The totals of a build, in one line. */
export function describeBuild(summary: BuildSummary): string {
  // Each problem file was already named, with its reason, as the build logged it.
  const lines: string[] = [];
  const parts = [`+${summary.added.length} new`, `~${summary.changed.length} changed`, `-${summary.removed.length} removed`];
  if (summary.unchanged) parts.push(`${summary.unchanged} unchanged`);
  lines.push(
    `Indexed ${summary.documents} articles (${summary.chunks} passages; ${summary.embedded} embedded): ${parts.join(', ')}` +
      (summary.problems.some((p) => p.skipped) ? `, ${summary.problems.filter((p) => p.skipped).length} skipped` : '') +
      ` in ${(summary.durationMs / 1000).toFixed(1)} s.` +
      (summary.fullRebuild ? ` Full rebuild: ${summary.fullRebuild}.` : ''),
  );
  return lines.join('\n');
}

/** What `npm run index` copied from the articles folder into the database, and each file it could not copy. */
export function describeFolderCopy(copy: FolderCopy): string {
  const parts = [`+${copy.added.length} new`, `~${copy.changed.length} changed`, `-${copy.removed.length} removed`];
  if (copy.unchanged) parts.push(`${copy.unchanged} unchanged`);
  const lines = [`Copied ${copy.folder} into the database: ${parts.join(', ')}.`];
  for (const problem of copy.problems) lines.push(`${pc.bold(pc.yellow('warning:'))} not copied: ${problem.path} ${problem.reason}`);
  return lines.join('\n');
}
