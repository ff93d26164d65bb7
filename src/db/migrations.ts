import { ARTICLE_FILES_MIGRATION } from './article-files-migration.ts';
import { PASSAGE_POSTINGS_MIGRATION } from './passage-postings-migration.ts';
import { PASSAGE_TERMS_MIGRATION } from './passage-terms-migration.ts';
import { SEARCH_COLUMN_MIGRATION } from './search-column-migration.ts';

/**
 * The schema, as numbered steps applied in order by `migrate` (never edit a
 * released step: add the next one). pgvector itself is created by
 * `ensurePgvector`, not here, because only a superuser may create it.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'collections, versions, documents and partitioned chunks',
    sql: `
-- One row per collection ('shared', or a Discord server's id). active_version
-- is the version questions are answered from; switching it is one UPDATE.
CREATE TABLE collections (
  id text PRIMARY KEY,
  active_version bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per index build. 'building' until its rows are all written and
-- indexed; a build killed before the switch stays 'building' and is deleted
-- by the next build of the collection (which holds the collection's lock).
CREATE TABLE versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  collection_id text NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('building', 'ready')),
  -- What the file store keeps in manifest.json (model, chunker, gate calibration, builtAt).
  manifest jsonb NOT NULL,
  model_id text NOT NULL,
  dimensions integer NOT NULL CHECK (dimensions BETWEEN 1 AND 16000),
  created_at timestamptz NOT NULL DEFAULT now(),
  ready_at timestamptz,
  UNIQUE (id, collection_id)
);
ALTER TABLE collections ADD FOREIGN KEY (active_version, id) REFERENCES versions (id, collection_id);

-- The file store's DocumentRecord, per version. id is the article's path in
-- the articles folder (the source path); hash is its content's sha256.
CREATE TABLE documents (
  version_id bigint NOT NULL,
  collection_id text NOT NULL,
  id text NOT NULL,
  position integer NOT NULL,
  title text NOT NULL,
  outlet text,
  date text,
  byline text,
  url text,
  hash text NOT NULL,
  bytes bigint NOT NULL,
  chunks integer NOT NULL,
  PRIMARY KEY (version_id, id),
  -- collection_id is repeated so every query can filter by it in SQL; the
  -- key makes it agree with the version's.
  FOREIGN KEY (version_id, collection_id) REFERENCES versions (id, collection_id) ON DELETE CASCADE
);
CREATE INDEX documents_collection ON documents (collection_id, version_id, position);

-- The file store's ChunkRecord plus its vector, per version. position is the
-- passage's 0-based position in the version (fusion breaks ties by it).
--
-- Partitioned by version, one partition per build, because of the vectors:
-- each model has its own dimension, and an HNSW index needs a typed column,
-- so embedding is stored untyped and each partition gets its own index on
-- embedding::vector(N). The alternative, one table with a partial index per
-- version (WHERE version_id = N), builds each index by scanning every
-- version's rows and deletes old versions row by row (slow, bloats the
-- table); with partitions a build indexes only its own rows and the cleanup
-- is a DROP TABLE. Queries name the version, so the planner prunes to one
-- partition and uses its index.
CREATE TABLE chunks (
  version_id bigint NOT NULL,
  collection_id text NOT NULL,
  position integer NOT NULL,
  document_id text NOT NULL,
  chunk_index integer NOT NULL,
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  text text NOT NULL,
  -- Sentence spans as [[start, end], ...] offsets into the article body.
  sentences jsonb NOT NULL,
  embedding vector NOT NULL,
  -- Keyword search: PostgreSQL full-text search, English configuration.
  search tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  PRIMARY KEY (version_id, position),
  FOREIGN KEY (version_id, collection_id) REFERENCES versions (id, collection_id),
  FOREIGN KEY (version_id, document_id) REFERENCES documents (version_id, id)
) PARTITION BY LIST (version_id);
CREATE INDEX chunks_search ON chunks USING gin (search);
CREATE INDEX chunks_document ON chunks (version_id, document_id, chunk_index);
`,
  },
  PASSAGE_TERMS_MIGRATION,
  PASSAGE_POSTINGS_MIGRATION,
  ARTICLE_FILES_MIGRATION,
  SEARCH_COLUMN_MIGRATION,
];

/** The schema version this code expects: the last migration's. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
