import type { FeedbackReason, FeedbackRecord } from './feedback-record.ts';

/** A question and how often people voted its answers down. */
export interface DownVotedQuestion {
  question: string;
  down: number;
  up: number;
  /** How many times each reason was given. */
  reasons: Partial<Record<FeedbackReason, number>>;
  /** Comments left with the down votes, newest first. */
  comments: string[];
}

/** A refusal someone said should have been answered. */
export interface MissedRefusal {
  question: string;
  votes: number;
  comments: string[];
}

export interface FeedbackSummary {
  /** Records read (every vote, changed ones included). */
  records: number;
  /** Votes counted: the latest per person per answer. */
  votes: { up: number; down: number };
  answers: number;
  mostDownVoted: DownVotedQuestion[];
  shouldHaveAnswered: MissedRefusal[];
  /** Articles cited in down-voted answers, most often first. */
  citedInDownVoted: Array<{ documentId: string; down: number }>;
}

export interface SummaryOptions {
  /** Only votes cast at or after this time. */
  since?: Date;
  /** Rows per list (default 10). */
  top?: number;
}

/** The same question asked with other spacing or case is the same question. */
const questionKey = (question: string) => question.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The latest vote of each person on each answer: a changed vote supersedes the
 * earlier one (by time, then by order in the file).
 */
export function latestVotes(records: readonly FeedbackRecord[]): FeedbackRecord[] {
  const latest = new Map<string, FeedbackRecord>();
  for (const record of records) {
    const key = `${record.answerId}\u0000${record.userId}`;
    const seen = latest.get(key);
    if (!seen || Date.parse(record.time) >= Date.parse(seen.time)) latest.set(key, record);
  }
  return [...latest.values()];
}

/**
 * What moderators need from the feedback file: the votes (latest per person
 * per answer), the questions most often voted down, refusals people said
 * should have been answered, and the articles most cited in down-voted answers.
 */
export function summariseFeedback(records: readonly FeedbackRecord[], options: SummaryOptions = {}): FeedbackSummary {
  const top = options.top ?? 10;
  const since = options.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const votes = latestVotes(records).filter((r) => Date.parse(r.time) >= since);
  const newestFirst = [...votes].sort((a, b) => Date.parse(b.time) - Date.parse(a.time));

  const questions = new Map<string, DownVotedQuestion>();
  const missed = new Map<string, MissedRefusal>();
  const cited = new Map<string, number>();
  for (const vote of newestFirst) {
    const key = questionKey(vote.question);
    const entry = questions.get(key) ?? { question: vote.question, down: 0, up: 0, reasons: {}, comments: [] };
    questions.set(key, entry);
    if (vote.vote === 'up') {
      entry.up++;
      continue;
    }
    entry.down++;
    if (vote.reason) entry.reasons[vote.reason] = (entry.reasons[vote.reason] ?? 0) + 1;
    if (vote.comment) entry.comments.push(vote.comment);
    if (vote.reason === 'should-have-answered' && vote.answered === false) {
      const refusal = missed.get(key) ?? { question: vote.question, votes: 0, comments: [] };
      missed.set(key, refusal);
      refusal.votes++;
      if (vote.comment) refusal.comments.push(vote.comment);
    }
    for (const documentId of new Set(vote.citations.map((c) => c.documentId))) cited.set(documentId, (cited.get(documentId) ?? 0) + 1);
  }
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    records: records.length,
    votes: { up: votes.filter((v) => v.vote === 'up').length, down: votes.filter((v) => v.vote === 'down').length },
    answers: new Set(votes.map((v) => v.answerId)).size,
    mostDownVoted: [...questions.values()]
      .filter((q) => q.down > 0)
      .sort((a, b) => b.down - a.down || a.up - b.up || byText(a.question, b.question))
      .slice(0, top),
    shouldHaveAnswered: [...missed.values()].sort((a, b) => b.votes - a.votes || byText(a.question, b.question)).slice(0, top),
    citedInDownVoted: [...cited.entries()]
      .map(([documentId, down]) => ({ documentId, down }))
      .sort((a, b) => b.down - a.down || byText(a.documentId, b.documentId))
      .slice(0, top),
  };
}
