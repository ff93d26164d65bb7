import type { Migration } from './migrations.ts';

/**
 * Migration 4: each collection's article files themselves, so that bots on
 * several machines sharing one database share the articles added from
 * Discord or with `npm run add`, and a backup of the database holds them.
 *
 * `origin` tells the operator's folder apart from what was added: `npm run
 * index` makes the collection's `folder` rows equal to ARTICLES_DIR's files
 * (adding, changing and removing them) but never removes an `added` one, which
 * only `/article remove` does.
 *
 * `collections.articles_copied_at` is when the collection's folder was first
 * copied in. A collection that predates this migration (or a new one whose
 * folder holds articles) has it null: the first process that needs its
 * articles copies its folder in, once, so an upgrade loses nothing.
 */
export const ARTICLE_FILES_MIGRATION: Migration = {
  version: 4,
  name: 'article files per collection',
  sql: `
ALTER TABLE collections ADD COLUMN articles_copied_at timestamptz;

CREATE TABLE article_files (
  collection_id text NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  -- The document id: the path relative to the collection, POSIX separators.
  name text NOT NULL CHECK (name <> '' AND name NOT LIKE '/%'),
  content bytea NOT NULL,
  size bigint NOT NULL,
  -- sha256 of content, hex: a build compares it with the version's documents.hash.
  sha256 text NOT NULL,
  origin text NOT NULL CHECK (origin IN ('folder', 'added')),
  modified_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection_id, name)
);
`,
};
