import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { Engine } from '../../src/engine.ts';
import type { BuildProgress } from '../../src/indexing/build-index.ts';
import { loadEngineConfig } from '../../src/config.ts';
import { FileIndexStore } from '../../src/store/file-index-store.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

const CHANGED = '002-captured-north-korean-soldier-dies-in-custody.md';

/** Wraps the engine's own model, counting texts and failing on demand. */
function countingEmbedder(inner: Embedder, failAfterCalls = Infinity) {
  const state = { texts: 0, calls: 0 };
  const embedder: Embedder = {
    modelId: inner.modelId,
    dimensions: inner.dimensions,
    async embed(texts) {
      if (state.calls++ >= failAfterCalls) throw new Error('simulated failure while embedding');
      state.texts += texts.length;
      return inner.embed(texts);
    },
    close: async () => {},
  };
  return { embedder, state };
}

describe('reindexing', () => {
  let workspace: Workspace;
  let engine: Engine;

  beforeEach(async () => {
    workspace = await createWorkspace();
    engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
  });
  afterEach(async () => {
    await engine?.close();
    await workspace?.cleanup();
  });

  it('re-embeds only a changed article and removes a deleted one', async () => {
    const store = new FileIndexStore(workspace.indexDir);
    const before = (await store.load())!;
    const file = path.join(workspace.articlesDir, CHANGED);
    await writeFile(file, `${await readFile(file, 'utf8')}\nAn added closing sentence about the Kursk front.\n`);
    await rm(path.join(workspace.articlesDir, '000-nis-captured-north-korean-soldier-dies.md'));

    const counting = countingEmbedder(engine.model.embedder);
    const reopened = await Engine.open(workspace.config, { bulkEmbedder: counting.embedder });
    try {
      const summary = await reopened.reindex();
      const changedChunks = (await reopened.index!.passages.passagesOf(CHANGED)).length;
      expect(summary).toMatchObject({ added: [], changed: [CHANGED], removed: ['000-nis-captured-north-korean-soldier-dies.md'], unchanged: 3 });
      expect(counting.state.texts).toBe(changedChunks);
      expect(summary.embedded).toBe(changedChunks);
      // Unchanged articles keep their exact vectors.
      const rowOf = (snap: typeof before, id: string) => snap.chunks.findIndex((c) => c.documentId === id);
      const d = before.manifest.model.dimensions;
      const oldRow = rowOf(before, '001-upi-first-north-korean-pow-dies.md');
      const after = (await store.load())!;
      expect(after.manifest.builtAt).toBe(reopened.index!.manifest.builtAt);
      const newRow = rowOf(after, '001-upi-first-north-korean-pow-dies.md');
      expect(after.vectors.subarray(newRow * d, newRow * d + d)).toEqual(before.vectors.subarray(oldRow * d, oldRow * d + d));
    } finally {
      await reopened.close();
    }
  });

  it('reports progress as data: scan, embed counts, write, swap', async () => {
    const file = path.join(workspace.articlesDir, CHANGED);
    await writeFile(file, `${await readFile(file, 'utf8')}\nMore text.\n`);
    const events: BuildProgress[] = [];
    await engine.reindex({ onProgress: (e) => events.push(e) });
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(['scan', 'chunk', 'embed', 'write', 'swap']);
    const lastEmbed = events.filter((e) => e.phase === 'embed').at(-1) as { done: number; total: number };
    expect(lastEmbed.done).toBe(lastEmbed.total);
    expect(lastEmbed.total).toBeGreaterThan(0);
  });

  it('keeps answering from the previous index when a build fails midway, and leaves no temporary folders', async () => {
    const builtAt = engine.index!.manifest.builtAt;
    await writeFile(path.join(workspace.articlesDir, 'new.md'), '---\ntitle: New\n---\nA brand new article about troop rotations.\n'.repeat(40));
    const failing = countingEmbedder(engine.model.embedder, 0);
    const broken = await Engine.open(workspace.config, { bulkEmbedder: failing.embedder });
    try {
      await expect(broken.reindex()).rejects.toThrow(/simulated failure/);
      expect(broken.index!.manifest.builtAt).toBe(builtAt);
      const answer = await broken.ask('When did the soldier die?');
      expect(answer.answered).toBe(true);
    } finally {
      await broken.close();
    }
    const fresh = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
    try {
      expect(fresh.index!.manifest.builtAt).toBe(builtAt);
      expect((await fresh.ask('When did the soldier die?')).answered).toBe(true);
    } finally {
      await fresh.close();
    }
    expect((await readdir(workspace.indexDir)).filter((e) => e.startsWith('.staging'))).toEqual([]);
  });

  it('rebuilds everything when the chunking settings change', async () => {
    const config = loadEngineConfig({ ...workspace.env, CHUNK_MAX_TOKENS: '64' }, workspace.root);
    const counting = countingEmbedder(engine.model.embedder);
    const reopened = await Engine.open(config, { bulkEmbedder: counting.embedder });
    try {
      const summary = await reopened.reindex();
      expect(summary.fullRebuild).toMatch(/chunking settings changed/);
      expect(counting.state.texts).toBe(reopened.sources().chunks);
      expect(reopened.sources().chunks).toBeGreaterThan(engine.sources().chunks);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a second reindex while one runs', async () => {
    const first = engine.reindex();
    await expect(engine.reindex()).rejects.toThrow(/already running/);
    await first;
  });
});
