import { describe, expect, it } from 'vitest';
import { latestVotes, summariseFeedback } from '../../src/feedback/summarise-feedback.ts';
import { vote } from './votes.ts';

const at = (iso: string) => new Date(iso);

describe('summarising feedback', () => {
  const records = [
    vote({ answerId: 'A00000000001', userId: 'u1', vote: 'down', reason: 'wrong-passage', citations: [{ n: 1, documentId: 'old.md' }, { n: 2, documentId: 'soldier.md' }] }, at('2026-05-01T00:00:00Z')),
    // u1 changes their mind on the same answer: only this one counts.
    vote({ answerId: 'A00000000001', userId: 'u1', vote: 'up' }, at('2026-05-02T00:00:00Z')),
    vote({ answerId: 'A00000000002', userId: 'u2', question: 'Who won?', vote: 'down', reason: 'out-of-date', comment: 'old results', citations: [{ n: 1, documentId: 'old.md' }] }, at('2026-05-03T00:00:00Z')),
    vote({ answerId: 'A00000000003', userId: 'u3', question: 'who  WON?', vote: 'down', reason: 'wrong-passage', citations: [{ n: 1, documentId: 'old.md' }] }, at('2026-05-04T00:00:00Z')),
    vote({ answerId: 'A00000000004', userId: 'u4', question: 'What is the ferry timetable?', answer: 'No article answers this.', answered: false, citations: [], vote: 'down', reason: 'should-have-answered', comment: 'It is in the harbour article' }, at('2026-05-05T00:00:00Z')),
  ];

  it('folds a changed vote into the latest one per person per answer', () => {
    expect(latestVotes(records).filter((r) => r.answerId === 'A00000000001').map((r) => r.vote)).toEqual(['up']);
    const summary = summariseFeedback(records);
    expect(summary.records).toBe(5);
    expect(summary.votes).toEqual({ up: 1, down: 3 });
    expect(summary.answers).toBe(4);
  });

  it('ranks the most down-voted questions (same question, other case and spacing, counted together), the missed refusals and the articles cited in down-voted answers', () => {
    const summary = summariseFeedback(records);
    expect(summary.mostDownVoted.map((q) => [q.question, q.down])).toEqual([
      ['who  WON?', 2],
      ['What is the ferry timetable?', 1],
    ]);
    expect(summary.mostDownVoted[0]!.reasons).toEqual({ 'out-of-date': 1, 'wrong-passage': 1 });
    expect(summary.mostDownVoted[0]!.comments).toEqual(['old results']);
    expect(summary.shouldHaveAnswered).toEqual([{ question: 'What is the ferry timetable?', votes: 1, comments: ['It is in the harbour article'] }]);
    // soldier.md was cited only in u1's first vote, which their later 👍 replaced.
    expect(summary.citedInDownVoted).toEqual([{ documentId: 'old.md', down: 2 }]);
  });

  it('counts only votes since a date, and at most `top` rows per list', () => {
    const since = summariseFeedback(records, { since: at('2026-05-04T00:00:00Z') });
    expect(since.votes).toEqual({ up: 0, down: 2 });
    expect(summariseFeedback(records, { top: 1 }).mostDownVoted).toHaveLength(1);
  });
});
