import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadEngineConfig } from '../../src/config.ts';
import { BACKGROUND_NICENESS, ProcessEmbedder } from '../../src/embedding/process-embedder.ts';
import { Engine } from '../../src/engine.ts';
import { createWorkspace } from '../support/engine-fixture.ts';

describe('EMBEDDING_THREADS', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('defaults to every core of the machine, takes a whole number from 1, and names itself when wrong', () => {
    expect(loadEngineConfig({}).embeddingThreads).toBe(os.availableParallelism());
    expect(loadEngineConfig({ EMBEDDING_THREADS: '3' }).embeddingThreads).toBe(3);
    for (const bad of ['0', 'two', '1.5', '-2']) {
      const error = (() => {
        try {
          loadEngineConfig({ EMBEDDING_THREADS: bad });
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(new RegExp(`^EMBEDDING_THREADS \\(got "${bad}"\\): .*e\\.g\\. 2`))]);
    }
  });

  it("reaches the engine's own session and the reindex child, which runs at a lower priority", async () => {
    const workspace = await createWorkspace({ env: { EMBEDDING_THREADS: '1' } });
    const start = vi.spyOn(ProcessEmbedder, 'start');
    const engine = await Engine.open(workspace.config, { bulkEmbedding: 'process' });
    try {
      expect(engine.model.embedder.threads).toBe(1);
      expect(start).toHaveBeenCalledTimes(1);
      expect(start).toHaveBeenCalledWith(engine.model.source, { threads: 1, niceness: BACKGROUND_NICENESS });
      const child = await start.mock.results[0]!.value;
      expect(child.threads).toBe(1);
      expect(engine.sources().chunks).toBeGreaterThan(10);
    } finally {
      await engine.close();
      await workspace.cleanup();
    }
  });
});
