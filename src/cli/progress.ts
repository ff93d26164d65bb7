import cliProgress from 'cli-progress';
import pc from 'picocolors';
import type { ModelLoadProgress } from '../embedding/embedder.ts';
import type { BuildProgress, BuildSummary } from '../indexing/build-index.ts';

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
    startedAt = performance.now();
  };
  let startedAt = 0;
  /** ", about 3 min left", from the pace so far; nothing until there is a pace. */
  const timeLeft = (done: number, total: number): string => {
    if (done === 0 || done >= total) return '';
    const seconds = ((performance.now() - startedAt) / done) * (total - done) / 1000;
    return `, about ${seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`} left`;
  };
  // Piped output (a log file, CI) gets a plain line every tenth of the way instead of a bar.
  let lastTenth = 0;
  const plainProgress = (done: number, total: number, unit: string) => {
    const tenth = Math.floor((done / total) * 10);
    if (interactive || tenth <= lastTenth || done === total) return;
    lastTenth = tenth;
    out.write(`  ${done}/${total} ${unit}\n`);
  };
  const downloads = new Map<string, boolean>();

  return {
    model(event: ModelLoadProgress) {
      // transformers.js announces a download before trying it; name the file only once bytes arrive,
      // so an offline attempt doesn't claim to download anything.
      if (event.status === 'progress' && (event.loaded ?? 0) > 0 && !downloads.has(event.file)) {
        downloads.set(event.file, true);
        out.write(`Downloading ${event.file} (first use only)...\n`);
      }
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
        if (event.done === 0 && event.total > 0) {
          lastTenth = 0;
          start('Embedding passages', event.total, 'passages');
        } else {
          bar?.update(event.done, { left: timeLeft(event.done, event.total) });
          plainProgress(event.done, event.total, 'passages');
        }
        if (event.done === event.total) stop();
      } else if (event.phase === 'swap') stop();
    },
    done() {
      stop();
    },
  };
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
