import type { Migration } from './migrations.ts';

/**
 * Migration 5: `chunks.search` stops being computed. Since migration 3 a
 * version's keyword search reads its BM25 postings, and the full-text vector
 * of each passage (`to_tsvector('english', text)`, generated and stored) is
 * read only for versions built before it; computing and indexing it for every
 * new passage was a sixth of a build's time (2.9 s of 33 s at 20,000
 * passages). Dropping the expression keeps the vectors already stored, so
 * such older versions keep answering through full-text search until their
 * collection is next indexed; new passages leave the column empty.
 */
export const SEARCH_COLUMN_MIGRATION: Migration = {
  version: 5,
  name: 'full-text vectors no longer computed for new passages',
  sql: `
ALTER TABLE chunks ALTER COLUMN search DROP EXPRESSION;
`,
};
