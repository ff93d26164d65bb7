import type { Migration } from './migrations.ts';

/**
 * Migration 2: each version's document frequencies of the bot's own analysed
 * terms (`analyze()`: its stop words, Porter2 stems, numbers kept whole).
 * Answer building weighs question terms by idf over exactly those terms, and
 * PostgreSQL's full-text lexemes are not the same terms (another tokenizer,
 * another stop list), so they are counted at build time and stored: `idf`
 * is then one primary-key lookup per question term, whatever the corpus size.
 * Counting at question time over a stored `terms text[]` column would scan
 * a posting list per term instead (hundreds of thousands of rows for a
 * common word at a million passages).
 *
 * Rows go with their version (ON DELETE CASCADE): the build that removes a
 * superseded or killed version removes its terms too.
 */
export const PASSAGE_TERMS_MIGRATION: Migration = {
  version: 2,
  name: 'document frequencies of analysed terms per version',
  sql: `
CREATE TABLE passage_terms (
  version_id bigint NOT NULL,
  collection_id text NOT NULL,
  term text NOT NULL,
  -- How many of the version's passages hold the term at least once.
  df integer NOT NULL CHECK (df > 0),
  PRIMARY KEY (version_id, term),
  FOREIGN KEY (version_id, collection_id) REFERENCES versions (id, collection_id) ON DELETE CASCADE
);
`,
};
