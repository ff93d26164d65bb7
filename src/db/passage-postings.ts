import { analyze } from '../search/analyze-text.ts';
import { bm25Idf, bm25TermScore } from '../search/keyword-index.ts';

/**
 * The BM25 weights of a version's keyword search, precomputed at build time
 * (table `passage_postings`, migration 3): one row per passage and distinct
 * analysed term holding the term's whole BM25+ score in that passage
 * (`bm25TermScore`: the in-memory index's formula, idf included), so a
 * question's score is a sum of stored numbers and the best postings of a
 * term are the first entries of an index on (term, impact DESC).
 *
 * The terms are the bot's own (`analyze`: its stop words, Porter2 stems),
 * the same as the in-memory index's, so both stores rank alike; PostgreSQL's
 * full-text search has other lexemes and `ts_rank` has no idf.
 */

/** What the weights of every passage depend on: the whole version's document frequencies and mean length. */
export interface KeywordStatistics {
  /** Passages in the version. */
  size: number;
  /** How many passages hold each term at least once (also stored in `passage_terms`, for `idf`). */
  df: ReadonlyMap<string, number>;
  /** Mean count of distinct terms per passage (BM25's length normalisation, as the in-memory index counts length). */
  averageLength: number;
}

/** A batch of postings in column form, ready for `unnest`, and the same per passage as PostgreSQL array literals. */
export interface Postings {
  terms: string[];
  rows: number[];
  impacts: number[];
  /** Per passage of the batch: its terms (`{"a","b"}`) and their weights (`{1.5,0.25}`), for `chunks.keyword_terms`/`keyword_impacts`. */
  passageTerms: string[];
  passageImpacts: string[];
}

/** A text[] literal: every element quoted, `"` and `\` escaped. */
const textArray = (items: readonly string[]) => `{${items.map((t) => `"${t.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** The in-memory index stores term counts and lengths as 16-bit numbers: capped alike here. */
const MAX_COUNT = 0xffff;

/** Analyses every passage once to count what BM25 needs before any weight can be computed. */
export function keywordStatistics(texts: readonly string[]): KeywordStatistics {
  const df = new Map<string, number>();
  let total = 0;
  for (const text of texts) {
    const distinct = new Set(analyze(text));
    total += Math.min(MAX_COUNT, distinct.size);
    for (const term of distinct) df.set(term, (df.get(term) ?? 0) + 1);
  }
  return { size: texts.length, df, averageLength: texts.length === 0 ? 0 : total / texts.length };
}

/**
 * The postings of `texts`, which are the version's passages from row
 * `firstRow` on: each distinct term of each passage with its BM25+ score
 * there, computed from `statistics` (of the whole version).
 */
export function passagePostings(texts: readonly string[], firstRow: number, statistics: KeywordStatistics): Postings {
  const postings: Postings = { terms: [], rows: [], impacts: [], passageTerms: [], passageImpacts: [] };
  const counts = new Map<string, number>();
  texts.forEach((text, i) => {
    counts.clear();
    for (const term of analyze(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
    const length = Math.min(MAX_COUNT, counts.size);
    const impacts: number[] = [];
    for (const [term, count] of counts) {
      const df = statistics.df.get(term);
      if (df === undefined) throw new Error(`passagePostings: "${term}" is missing from the version's statistics (were they counted over other passages?)`);
      const impact = bm25TermScore(bm25Idf(df, statistics.size), Math.min(MAX_COUNT, count), length, statistics.averageLength);
      postings.terms.push(term);
      postings.rows.push(firstRow + i);
      postings.impacts.push(impact);
      impacts.push(impact);
    }
    postings.passageTerms.push(textArray([...counts.keys()]));
    postings.passageImpacts.push(`{${impacts.join(',')}}`);
  });
  return postings;
}
