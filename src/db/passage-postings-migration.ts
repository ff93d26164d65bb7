import type { Migration } from './migrations.ts';

/**
 * Migration 3: BM25 keyword search from precomputed weights (see
 * passage-postings.ts). Full-text search ranked every passage holding any
 * question word with `ts_rank` (no idf): 300 ms at 50,000 passages. Summing
 * stored weights over the best postings of each question term takes a few
 * milliseconds and ranks as the in-memory index does.
 *
 * Partitioned by version like `chunks`, one partition per build (created with
 * the version, indexed on (term, impact DESC) when the build finishes, and
 * dropped with the version's chunks by the next build): no foreign key, so
 * the tens of rows per passage are written without a check each.
 *
 * Each passage's row of `chunks` also holds its terms and weights as two
 * arrays: the search finds candidates from each term's best postings, then
 * scores each candidate from its own arrays, exactly, whatever postings of
 * a common term the first step left unread.
 *
 * Versions built before this migration have no postings
 * (`keyword_postings` false) and keep answering through full-text search
 * until the collection is next indexed.
 */
export const PASSAGE_POSTINGS_MIGRATION: Migration = {
  version: 3,
  name: 'BM25 postings per version',
  sql: `
ALTER TABLE versions ADD COLUMN keyword_postings boolean NOT NULL DEFAULT false;

-- The same weights per passage, in one row: the few hundred best candidates
-- found from the postings are scored exactly from these (NULL before migration 3).
ALTER TABLE chunks ADD COLUMN keyword_terms text[], ADD COLUMN keyword_impacts real[];

CREATE TABLE passage_postings (
  version_id bigint NOT NULL,
  -- An analysed term (analyze(): the bot's stop words and stems).
  term text NOT NULL,
  -- The passage's position in the version (chunks.position).
  position integer NOT NULL,
  -- The term's BM25+ score in the passage, idf included.
  impact real NOT NULL
) PARTITION BY LIST (version_id);
`,
};
