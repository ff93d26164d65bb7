/**
 * Names and DDL of a version's partition of `chunks` (see the comment on the
 * table in migrations.ts for why one partition per version).
 */

/** pgvector's HNSW index takes vectors of at most 2,000 dimensions; wider ones are searched by exact scan. */
export const HNSW_MAX_DIMENSIONS = 2000;

/** A version id as the database returns it (bigint, as a string); checked before it is spliced into DDL. */
export function partitionName(versionId: string): string {
  if (!/^\d+$/.test(versionId)) throw new Error(`not a version id: ${versionId}`);
  return `chunks_v${versionId}`;
}

/** A version's partition of `passage_postings` (migration 3), made and dropped with its partition of `chunks`. */
export function postingsPartitionName(versionId: string): string {
  return `passage_postings_v${partitionName(versionId).slice('chunks_v'.length)}`;
}

/** The vector type of a version's passages, e.g. `vector(384)`, spliced into queries (a type modifier cannot be a parameter). */
export function vectorType(dimensions: number): string {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16000) throw new Error(`not a vector dimension: ${dimensions}`);
  return `vector(${dimensions})`;
}

/**
 * A vector as pgvector's text input, `[0.1,0.2,…]`. Nine significant digits
 * give back every float32 exactly (pgvector stores float32), and cost a
 * third of the bytes and a quarter of the time of a double's shortest form
 * (`String(x)`, up to 17 digits): at a million passages the literals were
 * a large share of a build's time, in the bot and in the server's parser.
 */
export function vectorLiteral(vector: ArrayLike<number>): string {
  const parts = new Array<string>(vector.length);
  for (let i = 0; i < vector.length; i++) parts[i] = vector[i]!.toPrecision(9);
  return `[${parts.join(',')}]`;
}
