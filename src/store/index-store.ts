import type { IndexSnapshot, SnapshotToWrite } from './snapshot.ts';

/** Something went wrong with a stored index version; carries which one. */
export interface StoreWarning {
  version: string;
  message: string;
}

/**
 * Where index snapshots live. The file store (vectra format on disk) is the
 * default; a database-server backend can implement the same contract.
 */
export interface IndexStore {
  /** The newest complete snapshot, falling back to older ones when the newest is damaged; null when none is usable. */
  load(onWarning?: (warning: StoreWarning) => void): Promise<IndexSnapshot | null>;
  /** Writes a snapshot as a new version and makes it current atomically; the previous version is kept. */
  save(snapshot: SnapshotToWrite, options?: { signal?: AbortSignal; onStage?: (stage: 'write' | 'swap') => void }): Promise<IndexSnapshot>;
}
