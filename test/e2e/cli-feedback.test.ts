import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackRecord } from '../../src/feedback/feedback-record.ts';
import { runCli } from '../support/run-cli.ts';
import { vote } from '../feedback/votes.ts';

const at = (iso: string) => new Date(iso);

/** Two answers voted on in May, one refusal someone says should have been answered, a changed vote, and a torn last line. */
const RECORDS: FeedbackRecord[] = [
  vote({ answerId: 'A00000000001', userId: 'u1', question: 'Who won the vote?', vote: 'down', reason: 'out-of-date', comment: 'That was last year', citations: [{ n: 1, documentId: 'election-2024.md' }] }, at('2026-05-01T10:00:00Z')),
  vote({ answerId: 'A00000000001', userId: 'u2', question: 'Who won the vote?', vote: 'down', reason: 'wrong-passage', citations: [{ n: 1, documentId: 'election-2024.md' }] }, at('2026-05-02T10:00:00Z')),
  vote({ answerId: 'A00000000002', userId: 'u1', question: 'When did the soldier die?', vote: 'down', reason: 'sources-disagree', citations: [{ n: 1, documentId: 'soldier.md' }] }, at('2026-05-03T10:00:00Z')),
  // u1 changes their mind: the 👎 above no longer counts.
  vote({ answerId: 'A00000000002', userId: 'u1', question: 'When did the soldier die?', vote: 'up' }, at('2026-05-04T10:00:00Z')),
  vote({ answerId: 'A00000000003', userId: 'u3', question: 'What time does the ferry leave?', answer: 'No indexed article answers this.', answered: false, citations: [], vote: 'down', reason: 'should-have-answered', comment: 'The harbour article has the timetable' }, at('2026-05-20T10:00:00Z')),
];

describe('npm run feedback', () => {
  let dir: string;
  let file: string;
  const env = () => ({ ...process.env, FEEDBACK_FILE: file, NO_COLOR: '1', FORCE_COLOR: '0' });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'feedback-cli-'));
    file = path.join(dir, 'feedback.jsonl');
    await writeFile(file, RECORDS.map((r) => `${JSON.stringify(r)}\n`).join(''));
    await appendFile(file, JSON.stringify(vote()).slice(0, 40));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('summarises FEEDBACK_FILE: votes folded to the latest per person per answer, the most down-voted questions, missed refusals and the articles cited in down votes; warns about the torn line', async () => {
    const result = await runCli('feedback.ts', [], env());
    expect(result.stderr).toBe(`warning: ${file} line 6: skipped, not a whole JSON record (a write cut short by a crash?)\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 👍  3 👎  on 3 answers (latest vote per person per answer; 5 records in the file)');
    const downVoted = result.stdout.split('Most down-voted questions\n')[1]!.split('\n\n')[0]!;
    expect(downVoted.split('\n')[0]).toMatch(/^\s+2 👎\s+0 👍  Who won the vote\?  \((out of date 1, wrong passage 1|wrong passage 1, out of date 1)\)$/);
    expect(downVoted).toContain('“That was last year”');
    expect(downVoted).not.toContain('soldier');
    expect(result.stdout).toMatch(/Refusals people said should have been answered\n\s+1  What time does the ferry leave\?\n\s+“The harbour article has the timetable”/);
    expect(result.stdout).toMatch(/Articles most often cited in down-voted answers\n\s+2  election-2024\.md\n\n?$/);
  });

  it('prints the same summary as JSON with --json, limited by --since and --top', async () => {
    const result = await runCli('feedback.ts', ['--json', '--since', '2026-05-02', '--top', '1', '--file', file], env());
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, any>;
    expect(summary).toMatchObject({ file, since: '2026-05-02T00:00:00.000Z', records: 5, votes: { up: 1, down: 2 }, answers: 3 });
    expect(summary.mostDownVoted).toHaveLength(1);
    // Since 2 May, each has one 👎 (u1's 1 May vote on the election is left out); ties go alphabetically.
    expect(summary.mostDownVoted[0]).toMatchObject({ question: 'What time does the ferry leave?', down: 1, reasons: { 'should-have-answered': 1 } });
    expect(summary.shouldHaveAnswered).toEqual([{ question: 'What time does the ferry leave?', votes: 1, comments: ['The harbour article has the timetable'] }]);
  });

  it('says there is no feedback yet when FEEDBACK_FILE does not exist', async () => {
    const result = await runCli('feedback.ts', [], { ...env(), FEEDBACK_FILE: path.join(dir, 'none.jsonl') });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`No feedback recorded yet (${path.join(dir, 'none.jsonl')} has no votes).\n`);
  });

  it.each([
    [['--since', 'last tuesday'], /--since: "last tuesday" is not a date; give one such as 2026-05-01/],
    [['--since', '2026-13-45'], /--since: "2026-13-45" is not a date/],
    [['--since', '2026-02-30'], /--since: "2026-02-30" is not a date/],
    [['--top', '0'], /--top: "0" is not a whole number from 1 to 1000/],
    [['--top', 'ten'], /--top: "ten" is not a whole number/],
    [['--file', '/nonexistent/feedback.jsonl'], /--file: \/nonexistent\/feedback\.jsonl does not exist/],
    [['--colour'], /Unknown option '--colour'/],
    [['summary'], /unexpected argument "summary"/],
  ])('refuses %j with a clear error and exit code 1', async (args, message) => {
    const result = await runCli('feedback.ts', args, env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('refuses a bad FEEDBACK_KEEP_DAYS naming the variable', async () => {
    const result = await runCli('feedback.ts', [], { ...env(), FEEDBACK_KEEP_DAYS: 'forever' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FEEDBACK_KEEP_DAYS \(got "forever"\): expected a whole number/);
  });
});
