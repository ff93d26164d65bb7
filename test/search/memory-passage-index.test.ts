import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPassageIndex } from '../../src/search/memory-passage-index.ts';
import { FileIndexStore } from '../../src/store/file-index-store.ts';
import { openSnapshot } from '../../src/store/snapshot.ts';
import { contractRecords, passageIndexContract } from './passage-index-contract.ts';

// The snapshot as the file store would hold it, searched in this process.
passageIndexContract('MemoryPassageIndex', async (records) => openSnapshot({ ...records, manifest: { ...records.manifest, files: {} } }));

describe('the file store', () => {
  let root: string;
  let versions = 0;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'passage-contract-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  // Saved to disk and opened again: what the engine answers from.
  passageIndexContract('FileIndexStore', async (records) => {
    const store = new FileIndexStore(path.join(root, `index-${versions++}`));
    await store.save(records);
    const opened = await store.open();
    await store.close();
    if (!opened) throw new Error('the file store opened nothing after a save');
    return opened;
  });

  it('opens the version it saved last, searched in memory, and nothing when it holds none', async () => {
    const store = new FileIndexStore(path.join(root, 'two-versions'));
    expect(await store.open()).toBeNull();
    await store.save(contractRecords({ empty: true }));
    const saved = await store.save(contractRecords());
    const opened = (await store.open())!;
    expect(opened.manifest).toEqual(saved.manifest);
    expect(opened.passages).toBeInstanceOf(MemoryPassageIndex);
    expect(opened.passages.size).toBe(6);
  });
});
