import type pg from 'pg';
import { UserError } from '../errors.ts';

/**
 * First half of every collection lock's key: advisory locks share one key
 * space per database, so ours are told apart from any other application's.
 */
export const LOCK_NAMESPACE = 0x6172_7463; // "artc"

/**
 * Second half of the key: the collection, within the schema the tables are in.
 * Advisory locks belong to the whole database, so two deployments (or two
 * test runs) sharing one database in different schemas must not block each other.
 */
export const LOCK_KEY = `hashtext(current_schema() || '/' || $2)`;

/** Another process is already rebuilding this collection (it holds the collection's advisory lock). */
export class CollectionBusyError extends UserError {
  override readonly name = 'CollectionBusyError';
  constructor(readonly collectionId: string) {
    super('reindex-running', `A reindex of collection "${collectionId}" is running in another process; wait for it to finish and try again.`);
  }
}

/**
 * Takes the collection's build lock on `client`'s session without waiting
 * (`pg_try_advisory_lock`). The server releases it when the session ends, so
 * a killed builder never leaves it behind.
 *
 * @throws {CollectionBusyError} when another session holds it.
 */
export async function lockCollection(client: pg.PoolClient, collectionId: string): Promise<void> {
  const result = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1, ${LOCK_KEY}) AS locked`, [LOCK_NAMESPACE, collectionId]);
  if (!result.rows[0]?.locked) throw new CollectionBusyError(collectionId);
}

/** Releases the lock {@link lockCollection} took on the same session. */
export async function unlockCollection(client: pg.PoolClient, collectionId: string): Promise<void> {
  await client.query(`SELECT pg_advisory_unlock($1, ${LOCK_KEY})`, [LOCK_NAMESPACE, collectionId]);
}
