import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ProcessEmbedder } from '../../src/embedding/process-embedder.ts';
import type { ModelSource } from '../../src/embedding/resolve-model.ts';
import { TransformersEmbedder } from '../../src/embedding/transformers-embedder.ts';
import { embeddingProcesses } from '../support/embedding-processes.ts';
import { dot } from '../support/model-files.ts';

const TEXTS = ['The soldier died on December 2.', 'Troops were moved to the border near Kursk.'];

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedding in a child process', () => {
  const dir = inject('testModelDir');
  const source: ModelSource = { kind: 'local', id: dir, dir };
  let inProcess: TransformersEmbedder;

  beforeAll(async () => {
    // The bot keeps the same model loaded in its own process for questions.
    inProcess = await TransformersEmbedder.load(source);
  });
  afterAll(async () => {
    await inProcess?.close();
  });

  it('gives the same vectors as the in-process model, across repeated restarts in one process', async () => {
    // With worker threads, onnxruntime-node corrupted the heap (SIGSEGV, or
    // "free(): invalid next size") and took this test process down in 4 runs
    // of 4 with ten restarts (2 of 4 with six): a bot's later /reindex
    // crashed the whole bot.
    const expected = await inProcess.embed(TEXTS);
    for (let round = 0; round < 10; round++) {
      const child = await ProcessEmbedder.start(source);
      expect(child.dimensions).toBe(inProcess.dimensions);
      expect(child.modelId).toBe(inProcess.modelId);
      const vectors = await child.embed(TEXTS);
      expect(vectors.map((v) => Array.from(v))).toEqual(expected.map((v) => Array.from(v)));
      expect(vectors[0]).toBeInstanceOf(Float32Array);
      const pid = child.pid;
      await child.close();
      expect(alive(pid)).toBe(false);
      await expect(child.embed(TEXTS)).rejects.toThrow(/closed/);
    }
  });

  it('survives the embedding process crashing: embedding fails with the signal, and a new process works', async () => {
    const child = await ProcessEmbedder.start(source);
    process.kill(child.pid!, 'SIGSEGV');
    await expect.poll(() => alive(child.pid)).toBe(false);
    await expect(child.embed(TEXTS)).rejects.toThrow('the embedding process was killed by SIGSEGV');
    await child.close();

    const next = await ProcessEmbedder.start(source);
    expect(await next.embed(TEXTS)).toHaveLength(2);
    await next.close();
  });

  it('rejects a pending request when the process dies mid-batch', async () => {
    const child = await ProcessEmbedder.start(source);
    const many = Array.from({ length: 4000 }, (_, i) => `${TEXTS[i % 2]} number ${i}`);
    const pending = child.embed(many);
    process.kill(child.pid!, 'SIGKILL');
    await expect(pending).rejects.toThrow('the embedding process was killed by SIGKILL');
    await child.close();
  });

  it('runs the child at the priority asked, with an inference session of the threads asked', async () => {
    const oneThread = await ProcessEmbedder.start(source, { threads: 1, niceness: 10 });
    const threeThreads = await ProcessEmbedder.start(source, { threads: 3 });
    try {
      expect(os.getPriority(oneThread.pid)).toBe(10);
      expect(os.getPriority(threeThreads.pid)).toBe(0);
      expect([oneThread.threads, threeThreads.threads]).toEqual([1, 3]);
      // The same vectors whatever the threads.
      const [a, b] = [await oneThread.embed(TEXTS), await threeThreads.embed(TEXTS)];
      a.forEach((v, i) => expect(dot(v, b[i]!)).toBeGreaterThan(0.99999));
    } finally {
      await oneThread.close();
      await threeThreads.close();
    }
    expect(() => ProcessEmbedder.start(source, { niceness: 20 })).toThrow(RangeError);
  });

  // Reads the child's environment from /proc (Linux).
  it.skipIf(!existsSync('/proc/self/environ'))('does not hand the bot token to the embedding process', async () => {
    const token = 'process-embedder-test-token.Zx9';
    const before = process.env.DISCORD_TOKEN;
    process.env.DISCORD_TOKEN = token;
    try {
      const child = await ProcessEmbedder.start(source);
      const environ = await readFile(`/proc/${child.pid}/environ`, 'utf8');
      await child.close();
      expect(environ).toContain('PATH=');
      expect(environ).not.toContain(token);
    } finally {
      if (before === undefined) delete process.env.DISCORD_TOKEN;
      else process.env.DISCORD_TOKEN = before;
    }
  });

  it('reports a model that cannot load, and leaves no process behind', async () => {
    const missing = path.join(dir, 'no-such-model');
    const started = ProcessEmbedder.start({ kind: 'local', id: missing, dir: missing });
    await expect(started).rejects.toThrow(/no-such-model/);
    // `ps --ppid` is procps (Linux); elsewhere only the error is checked.
    if (process.platform === 'linux') await expect.poll(() => embeddingProcesses(), { timeout: 5000 }).toEqual([]);
  });
});
