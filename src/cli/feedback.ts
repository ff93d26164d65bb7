import { access } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { loadFeedbackConfig } from '../config.ts';
import { REASON_LABELS, type FeedbackReason } from '../feedback/feedback-record.ts';
import { readFeedback } from '../feedback/read-feedback.ts';
import { summariseFeedback, type FeedbackSummary } from '../feedback/summarise-feedback.ts';
import { runCli } from './run-cli.ts';
import { usageError } from './usage-error.ts';

const USAGE = 'usage: npm run feedback -- [--json] [--since YYYY-MM-DD] [--top N] [--file path/to/feedback.jsonl]';

/** `--since`: a calendar date (midnight UTC) or a full ISO 8601 time. */
function parseSince(value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  // Date rolls 30 February over into March; a day that does not exist is a typo, not a date.
  const day = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  const real = date !== null && !Number.isNaN(date.getTime()) && !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value.slice(0, 10);
  if (!real) throw usageError(`--since: "${value}" is not a date; give one such as 2026-05-01 or 2026-05-01T12:00:00Z`, USAGE);
  return date;
}

function parseTop(value: string): number {
  const top = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(top) || top < 1 || top > 1000) throw usageError(`--top: "${value}" is not a whole number from 1 to 1000 (e.g. --top 5)`, USAGE);
  return top;
}

const reasonsText = (reasons: Partial<Record<FeedbackReason, number>>) =>
  Object.entries(reasons)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, n]) => `${REASON_LABELS[reason as FeedbackReason].toLowerCase()} ${n}`)
    .join(', ');

/** The summary as moderators read it in a terminal. */
function formatSummary(summary: FeedbackSummary, file: string, since: Date | undefined): string {
  const lines: string[] = [];
  const window = since ? ` since ${since.toISOString().slice(0, 10)}` : '';
  lines.push(pc.bold(`Feedback in ${file}${window}`));
  lines.push(`${summary.votes.up} 👍  ${summary.votes.down} 👎  on ${summary.answers} answers ${pc.dim(`(latest vote per person per answer; ${summary.records} records in the file)`)}`);
  const section = (title: string, rows: string[], empty: string) => {
    lines.push('', pc.bold(title));
    lines.push(...(rows.length ? rows : [pc.dim(`  ${empty}`)]));
  };
  section(
    'Most down-voted questions',
    summary.mostDownVoted.flatMap((q) => [
      `  ${String(q.down).padStart(3)} 👎 ${String(q.up).padStart(3)} 👍  ${q.question}${Object.keys(q.reasons).length ? pc.dim(`  (${reasonsText(q.reasons)})`) : ''}`,
      ...q.comments.slice(0, 3).map((c) => pc.dim(`            “${c.replace(/\s+/g, ' ')}”`)),
    ]),
    'none',
  );
  section(
    'Refusals people said should have been answered',
    summary.shouldHaveAnswered.flatMap((r) => [
      `  ${String(r.votes).padStart(3)}  ${r.question}`,
      ...r.comments.slice(0, 3).map((c) => pc.dim(`       “${c.replace(/\s+/g, ' ')}”`)),
    ]),
    'none',
  );
  section('Articles most often cited in down-voted answers', summary.citedInDownVoted.map((a) => `  ${String(a.down).padStart(3)}  ${a.documentId}`), 'none');
  return `${lines.join('\n')}\n`;
}

await runCli(async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      since: { type: 'string' },
      top: { type: 'string' },
      file: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw usageError(`unexpected argument "${positionals[0]}"`, USAGE);
  const since = values.since === undefined ? undefined : parseSince(values.since);
  const top = values.top === undefined ? 10 : parseTop(values.top);
  const file = values.file !== undefined ? path.resolve(values.file) : loadFeedbackConfig().file;
  // A file named on the command line must exist (a typo is an error); FEEDBACK_FILE may not exist yet.
  if (values.file !== undefined) await access(file).catch(() => Promise.reject(usageError(`--file: ${file} does not exist`, USAGE)));
  const { records, warnings } = await readFeedback(file);
  for (const warning of warnings) process.stderr.write(`${pc.yellow('warning:')} ${warning}\n`);
  const summary = summariseFeedback(records, { ...(since ? { since } : {}), top });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ file, since: since?.toISOString() ?? null, ...summary }, null, 2)}\n`);
  } else if (records.length === 0) {
    process.stdout.write(`No feedback recorded yet (${file} has no votes).\n`);
  } else {
    process.stdout.write(formatSummary(summary, file, since));
  }
});
