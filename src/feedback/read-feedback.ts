import { readFile } from 'node:fs/promises';
import { feedbackRecordSchema, type FeedbackRecord } from './feedback-record.ts';

/** The records of a feedback file, and a warning for each line that could not be read. */
export interface FeedbackRead {
  records: FeedbackRecord[];
  /** `feedback.jsonl line 7: ...`, one per skipped line (a torn last line after a crash, a hand edit). */
  warnings: string[];
}

/**
 * Parses JSON Lines feedback text. A line that is not a whole, valid record
 * is skipped with a warning naming its line number; the others are kept, so
 * one torn line never costs the rest.
 */
export function parseFeedback(text: string, name = 'feedback file'): FeedbackRead {
  const records: FeedbackRecord[] = [];
  const warnings: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      warnings.push(`${name} line ${i + 1}: skipped, not a whole JSON record (a write cut short by a crash?)`);
      return;
    }
    const parsed = feedbackRecordSchema.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else warnings.push(`${name} line ${i + 1}: skipped, ${parsed.error.issues.map((p) => `${p.path.join('.') || 'record'}: ${p.message}`).join('; ')}`);
  });
  return { records, warnings };
}

/** Reads a feedback file (see {@link parseFeedback}); a missing file has no records. Other read errors name the file. */
export async function readFeedback(file: string): Promise<FeedbackRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], warnings: [] };
    throw new Error(`reading the feedback file ${file}: ${(error as Error).message}`, { cause: error });
  }
  return parseFeedback(text, file);
}
