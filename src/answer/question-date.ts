import type { ChunkRecord, DocumentRecord } from '../records/index.ts';
import type { FusedHit } from '../search/rank-fusion.ts';

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

/** Days from an article's date (`YYYY-MM-DD…`) to `asOf` (`YYYY-MM-DD`); null when either is unknown. */
function ageInDays(date: string | null | undefined, asOf: string): number | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}/.test(date)) return null;
  const from = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const to = Date.UTC(Number(asOf.slice(0, 4)), Number(asOf.slice(5, 7)) - 1, Number(asOf.slice(8, 10)));
  return Math.round((to - from) / DAY_MS);
}

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
export function byQuestionDate(
  hits: readonly FusedHit[],
  chunks: readonly ChunkRecord[],
  documents: ReadonlyMap<string, DocumentRecord>,
  question: string,
  asOf: string,
): FusedHit[] {
  const age = (hit: FusedHit) => {
    const chunk = chunks[hit.row];
    return chunk ? ageInDays(documents.get(chunk.documentId)?.date, asOf) : null;
  };
  const before = hits.filter((hit) => (age(hit) ?? 0) >= -1);
  if (!asksRecent(question)) return before;
  const recent = (hit: FusedHit) => {
    const days = age(hit);
    return days !== null && days <= RECENT_DAYS;
  };
  return [...before.filter(recent).map((hit) => ({ ...hit, score: hit.score + RECENT_BOOST })), ...before.filter((hit) => !recent(hit))];
}
