import type { Database } from './connect.ts';
import type { ActiveVersion } from './passage-queries.ts';

/** Terms per INSERT: small rows, so one round trip carries many. */
const TERM_BATCH_ROWS = 5_000;

/**
 * Stores a version's document frequencies (table `passage_terms`, migration
 * 2; counted by `keywordStatistics`), in batches. Call before the version is made active, so a question never
 * sees a version without them.
 */
export async function writeDocumentFrequencies(db: Database, collectionId: string, versionId: string, df: ReadonlyMap<string, number>): Promise<void> {
  const entries = [...df];
  for (let from = 0; from < entries.length; from += TERM_BATCH_ROWS) {
    const batch = entries.slice(from, from + TERM_BATCH_ROWS);
    await db.query(
      `INSERT INTO passage_terms (version_id, collection_id, term, df)
       SELECT $1, $2, u.term, u.df FROM unnest($3::text[], $4::integer[]) AS u(term, df)`,
      [versionId, collectionId, batch.map(([term]) => term), batch.map(([, count]) => count)],
    );
  }
}

/** The stored document frequencies of `terms` in the version; terms no passage holds are absent. */
export async function readDocumentFrequencies(db: Database, version: ActiveVersion, terms: readonly string[]): Promise<Map<string, number>> {
  if (terms.length === 0) return new Map();
  const result = await db.query<{ term: string; df: number }>(
    `SELECT term, df FROM passage_terms WHERE collection_id = $1 AND version_id = $2 AND term = ANY($3::text[])`,
    [version.collectionId, version.id, [...new Set(terms)]],
  );
  return new Map(result.rows.map((r) => [r.term, r.df]));
}
