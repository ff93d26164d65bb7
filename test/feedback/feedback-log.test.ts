import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFeedback, FeedbackLog } from '../../src/feedback/feedback-log.ts';
import { readFeedback } from '../../src/feedback/read-feedback.ts';
import { vote } from './votes.ts';

const daysBefore = (date: Date, days: number) => new Date(date.getTime() - days * 86_400_000);

describe('the feedback file', () => {
  let dir: string;
  let file: string;
  const now = new Date('2026-06-01T12:00:00Z');
  const options = { keepDays: 30, now: () => now };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'feedback-'));
    file = path.join(dir, 'data', 'feedback.jsonl');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates its folder and appends one JSON object per line, with exactly the documented fields', async () => {
    await appendFeedback(file, vote(), options);
    await appendFeedback(file, vote({ vote: 'down', reason: 'out-of-date', comment: 'He died on the 29th' }), options);
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(['time', 'guildId', 'channelId', 'userId', 'answerId', 'question', 'answer', 'citations', 'vote', 'reason', 'comment', 'answered']);
    expect((await readFeedback(file)).records.map((r) => r.comment)).toEqual([null, 'He died on the 29th']);
  });

  it('after a crash tore the last line, keeps every earlier record, skips the torn line with a warning, and starts the next record on a fresh line', async () => {
    await appendFeedback(file, vote({ userId: '300000000000000001' }), options);
    await appendFeedback(file, vote({ userId: '300000000000000002' }), options);
    // What a write cut short leaves: the start of a record, no newline.
    const whole = JSON.stringify(vote({ userId: '300000000000000003' }));
    await appendFile(file, whole.slice(0, whole.length / 2));

    await appendFeedback(file, vote({ userId: '300000000000000004' }), options);

    const { records, warnings } = await readFeedback(file);
    expect(records.map((r) => r.userId)).toEqual(['300000000000000001', '300000000000000002', '300000000000000004']);
    expect(warnings).toEqual([`${file} line 3: skipped, not a whole JSON record (a write cut short by a crash?)`]);
  });

  it('reads a missing file as no records, and names the line and field of a record that is not valid', async () => {
    expect(await readFeedback(file)).toEqual({ records: [], warnings: [] });
    await appendFeedback(file, vote(), options);
    await appendFile(file, `${JSON.stringify({ ...vote(), vote: 'sideways' })}\n`);
    const { records, warnings } = await readFeedback(file);
    expect(records).toHaveLength(1);
    expect(warnings[0]).toMatch(/line 2: skipped, vote: Invalid enum value/);
  });

  it('drops records older than FEEDBACK_KEEP_DAYS when appended to, by replacing the file whole (no temp file left)', async () => {
    await appendFeedback(file, vote({ userId: '300000000000000001' }, daysBefore(now, 40)), options);
    await appendFeedback(file, vote({ userId: '300000000000000002' }, daysBefore(now, 10)), options);
    expect((await readFeedback(file)).records).toHaveLength(1); // the 40-day-old one went when the second was appended

    await appendFeedback(file, vote({ userId: '300000000000000003' }, now), options);
    const { records } = await readFeedback(file);
    expect(records.map((r) => r.userId)).toEqual(['300000000000000002', '300000000000000003']);
    expect((await readdir(path.dirname(file))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves the file untouched (appends only) while its oldest record is within the retention', async () => {
    await appendFeedback(file, vote({ userId: '300000000000000001' }, daysBefore(now, 29)), options);
    const before = await readFile(file, 'utf8');
    await appendFeedback(file, vote({ userId: '300000000000000002' }, now), options);
    expect((await readFile(file, 'utf8')).startsWith(before)).toBe(true);
  });

  it('queues appends from one process, so simultaneous votes never interleave', async () => {
    const log = new FeedbackLog(file, options);
    await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(vote({ userId: String(300000000000000000n + BigInt(i)), comment: 'x'.repeat(5000) }))));
    const { records, warnings } = await readFeedback(file);
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(40);
  });
});
