import type { ChunkRecord, DocumentRecord } from '../records/index.ts';

/**
 * Words by which a question says it is about recent news: "this week",
 * "recently", "the latest", "new", "announced". Such a question is about the
 * articles published shortly before it was asked.
 */
const RECENT =
  /\b(?:this|last|past) (?:week|weekend|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b(?:recent(?:ly)?|latest|newest|new|just|currently|current|today|yesterday|tonight|now|upcoming|soon|ongoing)\b/i;

/** How far back "recent" reaches from the day a question is asked. */
export const RECENT_DAYS = 14;

/** Whether a question asks about recent news ("…this week?", "the latest…"). */
export const asksRecent = (question: string): boolean => RECENT.test(question);

const DAY_MS = 86_400_000;

/** A `YYYY-MM-DD…` date as a day count, or null when it is not one. */
const dayNumber = (date: string | null | undefined): number | null =>
  date && /^\d{4}-\d{2}-\d{2}/.test(date) ? Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS : null;

/** Added to the fused score of a recent article's passage: more than any fused score (at most 2 / (RRF_K + 1)). */
const RECENT_BOOST = 1;

/**
 * Orders retrieved passages by the day the question is asked (`asOf`,
 * `YYYY-MM-DD`): a question is about news published before it, so an
 * article dated more than a day after `asOf` is dropped (a day of slack for
 * time zones); when the question says it is about recent news, passages of
 * articles from the {@link RECENT_DAYS} before `asOf` come first, each group
 * in retrieval order, and keep that lead wherever passages tie on relevance
 * (their fused score is raised). Undated articles are kept, never boosted.
 */
export function byQuestionDate<H extends { chunk: ChunkRecord; score: number }>(
  hits: readonly H[],
  documents: ReadonlyMap<string, DocumentRecord>,
  question: string,
  asOf: string,
): H[] {
  const today = dayNumber(asOf);
  if (today === null) return [...hits];
  const recentWanted = asksRecent(question);
  const recent: H[] = [];
  const rest: H[] = [];
  for (const hit of hits) {
    const published = dayNumber(documents.get(hit.chunk.documentId)?.date);
    const age = published === null ? null : today - published;
    if (age !== null && age < -1) continue;
    if (recentWanted && age !== null && age <= RECENT_DAYS) recent.push({ ...hit, score: hit.score + RECENT_BOOST });
    else rest.push(hit);
  }
  return [...recent, ...rest];
}
