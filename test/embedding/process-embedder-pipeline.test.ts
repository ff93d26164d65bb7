import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { ProcessEmbedder } from '../../src/embedding/process-embedder.ts';
import { Engine } from '../../src/engine.ts';
import { EMBED_BATCH } from '../../src/indexing/build-index.ts';
import { FileIndexStore } from '../../src/store/file-index-store.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { dot } from '../support/model-files.ts';

/** Wraps the real child-process embedder, recording how many requests were outstanding at once. */
function tracked(inner: ProcessEmbedder) {
  const state = { calls: 0, inFlight: 0, mostInFlight: 0 };
  const embedder: Embedder = {
    modelId: inner.modelId,
    dimensions: inner.dimensions,
    async embed(texts) {
      state.calls++;
      state.mostInFlight = Math.max(state.mostInFlight, ++state.inFlight);
      try {
        return await inner.embed(texts);
      } finally {
        state.inFlight--;
      }
    },
    close: async () => {},
  };
  return { embedder, state };
}

/** Eight long articles (`tag` makes their text new): several embedding requests' worth of passages. */
async function writeManyPassages(dir: string, tag = 'Vote'): Promise<void> {
  for (let a = 0; a < 8; a++) {
    const sentences = Array.from({ length: 400 }, (_, s) => `${tag} ${a}-${s} on bridge ${s % 11} in district ${s % 7} was delayed again.`);
    await writeFile(path.join(dir, `many-${a}.md`), `---\ntitle: Council report ${a}\n---\n${sentences.join(' ')}\n`);
  }
}

describe('the reindex keeps the embedding child busy', () => {
  let workspace: Workspace;
  let engine: Engine | undefined;
  let child: ProcessEmbedder | undefined;

  beforeEach(async () => {
    workspace = await createWorkspace();
    await writeManyPassages(workspace.articlesDir);
  });
  afterEach(async () => {
    await engine?.close();
    await child?.close();
    await workspace?.cleanup();
  });

  it('sends the next request before the current one is answered, and stores the same vectors as embedding in process', async () => {
    const inline = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
    const expected = (await new FileIndexStore(workspace.indexDir).load())!;
    child = await ProcessEmbedder.start(inline.model.source);
    const { embedder, state } = tracked(child);
    // A fresh index folder: the child embeds every passage.
    engine = await Engine.open({ ...workspace.config, indexDir: path.join(workspace.root, 'index-child') }, { bulkEmbedder: embedder });
    await inline.close();
    const built = (await new FileIndexStore(path.join(workspace.root, 'index-child')).load())!;

    expect(built.chunks.length).toBeGreaterThan(3 * EMBED_BATCH);
    expect(state.calls).toBe(Math.ceil(built.chunks.length / EMBED_BATCH));
    // Two requests in flight, never more: the child always finds the next one waiting.
    expect(state.mostInFlight).toBe(2);
    expect(built.chunks.map((c) => c.text)).toEqual(expected.chunks.map((c) => c.text));
    const d = built.manifest.model.dimensions;
    for (let row = 0; row < built.chunks.length; row++) {
      const a = built.vectors.subarray(row * d, (row + 1) * d);
      const b = expected.vectors.subarray(row * d, (row + 1) * d);
      expect(dot(a, b)).toBeGreaterThan(0.9999);
    }
  });

  it('stops at an abort with a request still in flight, leaving the old index and no unhandled rejection', async () => {
    engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
    const before = engine.index!.manifest.builtAt;
    // Every article changes, so the reindex embeds them all again.
    await writeManyPassages(workspace.articlesDir, 'Ballot');
    child = await ProcessEmbedder.start(engine.model.source);
    const { embedder, state } = tracked(child);
    await engine.close();
    engine = await Engine.open(workspace.config, { bulkEmbedder: embedder });
    const controller = new AbortController();
    const reindex = engine.reindex({
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'embed' && p.done > 0) controller.abort();
      },
    });
    await expect(reindex).rejects.toThrow(/abort/i);
    expect(state.calls).toBe(2);
    // The request still in flight is answered (or fails with the closed child) without anyone awaiting it.
    await child.close();
    child = undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(engine.index!.manifest.builtAt).toBe(before);
  });
});
