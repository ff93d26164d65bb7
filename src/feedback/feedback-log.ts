import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-file.ts';
import type { FeedbackRecord } from './feedback-record.ts';
import { parseFeedback } from './read-feedback.ts';

const DAY_MS = 86_400_000;

export interface FeedbackLogOptions {
  /** Records older than this many days are dropped when the file is next appended to. */
  keepDays: number;
  /** A clock seam for tests. */
  now?: () => Date;
  /** Told about lines skipped while rewriting (a torn last line after a crash). */
  warn?: (message: string) => void;
}

/**
 * The feedback file (`FEEDBACK_FILE`), JSON Lines, append-only. Each record
 * is one `write` of one whole line followed by an fsync, so a crash can at
 * worst tear the line being written, never an earlier one; the next append
 * starts on a fresh line, and the reader skips the torn one. Appends from
 * this process are queued so two votes never interleave.
 */
export class FeedbackLog {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly options: FeedbackLogOptions,
  ) {}

  /** Appends one record (after dropping expired ones, see {@link dropExpired}); resolves once it is on disk. */
  append(record: FeedbackRecord): Promise<void> {
    const run = this.#queue.then(() => appendFeedback(this.file, record, this.options));
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Appends `record` to `file` as one line, in a single write, and fsyncs it.
 * Creates the folder and file when missing. When the file does not end with a
 * newline (a crash tore the last line), the line starts with one, so the new
 * record never joins the torn text. Expired records are dropped first.
 */
export async function appendFeedback(file: string, record: FeedbackRecord, options: FeedbackLogOptions): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await dropExpired(file, options);
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.write(`${prefix}${JSON.stringify(record)}\n`);
    await handle.sync();
  } catch (error) {
    throw new Error(`appending to the feedback file ${file}: ${(error as Error).message}`, { cause: error });
  } finally {
    await handle.close();
  }
}

/**
 * Applies the retention: when the file's oldest record is older than
 * `keepDays`, rewrites the file without the expired records (a temporary file
 * renamed over it, so a crash leaves the old or the new file, whole). Records
 * are appended in time order, so reading the first line is enough to know
 * that nothing has expired; the whole file is read only when something has.
 * Returns how many records were dropped.
 */
export async function dropExpired(file: string, options: FeedbackLogOptions): Promise<number> {
  const cutoff = (options.now?.() ?? new Date()).getTime() - options.keepDays * DAY_MS;
  const oldest = await firstRecordTime(file);
  if (oldest === null || oldest >= cutoff) return 0;
  const { records, warnings } = parseFeedback(await readFile(file, 'utf8'), file);
  for (const warning of warnings) options.warn?.(warning);
  const kept = records.filter((r) => Date.parse(r.time) >= cutoff);
  await writeFileAtomic(file, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return records.length - kept.length;
}

/** The time of the file's first readable record (ms), or null when the file is missing or has none. */
async function firstRecordTime(file: string): Promise<number | null> {
  const size = await stat(file).then((s) => s.size, () => 0);
  if (size === 0) return null;
  const handle = await open(file, 'r');
  try {
    // A record is a few kB at most; read until the first newline.
    let text = '';
    const chunk = Buffer.alloc(16 * 1024);
    for (let position = 0; position < size; position += chunk.length) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      text += chunk.subarray(0, bytesRead).toString('utf8');
      const end = text.indexOf('\n');
      if (end >= 0) {
        const time = parseFeedback(text.slice(0, end), file).records[0]?.time;
        // An unreadable first line: look at the whole file, where the reader skips it.
        return time ? Date.parse(time) : Number.NEGATIVE_INFINITY;
      }
      if (bytesRead === 0) break;
    }
    return Number.NEGATIVE_INFINITY;
  } finally {
    await handle.close();
  }
}
