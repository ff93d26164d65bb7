import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFeedback } from '../../src/feedback/feedback-log.ts';
import { readFeedback } from '../../src/feedback/read-feedback.ts';
import { startProcess } from '../support/run-process.ts';
import { vote } from '../feedback/votes.ts';

describe('a bot killed while appending feedback', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'feedback-kill-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loses no earlier vote: every line but a torn last one reads back, and the next vote is readable after it', async () => {
    const file = path.join(dir, 'feedback.jsonl');
    const writer = startProcess('test/crash/support/append-feedback-forever.ts', { ...process.env, FEEDBACK_FILE: file, FEEDBACK_KEEP_DAYS: '30' });
    await writer.waitForOutput(/ready/);
    writer.child.kill('SIGKILL');
    await writer.exited;

    const killed = await readFeedback(file);
    expect(killed.records.length).toBeGreaterThan(20);
    // The records are in order with none missing: user ids count up from 0.
    expect(killed.records.map((r) => BigInt(r.userId) - 300000000000000000n)).toEqual(killed.records.map((_, i) => BigInt(i)));
    // At most the one line being written when the process died is torn.
    expect(killed.warnings.length).toBeLessThanOrEqual(1);

    await appendFeedback(file, vote({ userId: '400000000000000001' }, new Date()), { keepDays: 30 });
    const after = await readFeedback(file);
    expect(after.records.slice(0, killed.records.length)).toEqual(killed.records);
    expect(after.records.at(-1)!.userId).toBe('400000000000000001');
    expect(after.warnings).toEqual(killed.warnings);
  });
});
