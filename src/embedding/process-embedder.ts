import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Embedder } from './embedder.ts';
import type { ModelSource } from './resolve-model.ts';
import type { EmbedReply, EmbedRequest } from './embed-protocol.ts';
import { defaultEmbeddingThreads } from '../config.ts';

/** The nice value the bot gives its reindex child: the child still gets every idle cycle, the bot's questions come first. */
export const BACKGROUND_NICENESS = 10;

export interface ProcessEmbedderOptions {
  /** Intra-op threads of the child's inference session; every core by default. */
  threads?: number;
  /**
   * Scheduling priority (nice value, 0 to 19) of the child: above 0 it yields
   * the cores to the bot's own process whenever that has work, so questions
   * asked during a reindex wait no longer than with a one-thread child.
   */
  niceness?: number;
}

const entry = fileURLToPath(new URL('./embed-process-entry.mjs', import.meta.url));

/**
 * Runs the embedding model in a child process so bulk embedding never blocks
 * the event loop.
 *
 * Why not a worker thread: onnxruntime-node 1.14 cannot be loaded by a second
 * worker once a first one has ended. With the model also loaded on the main
 * thread the process dies of heap corruption (SIGSEGV or `free(): invalid
 * next size`) within a few worker restarts, i.e. on a bot's second or third
 * `/reindex`; without it the second worker fails with "Module did not
 * self-register". A child process starts from a clean slate every time, its
 * memory is returned when the reindex ends, and if the native code crashes
 * only the reindex fails; the bot keeps answering from the old index.
 */
export class ProcessEmbedder implements Embedder {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  private exitError: Error | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly modelId: string,
    readonly dimensions: number,
    /** Intra-op threads of the child's inference session, as the child reports them. */
    readonly threads: number,
  ) {
    child.on('message', (reply: EmbedReply) => {
      if (reply.type !== 'vectors' && reply.type !== 'failed') return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.type === 'vectors') waiter?.resolve(reply.vectors);
      else waiter?.reject(new Error(`embedding process: ${reply.message}`));
    });
    this.exited = new Promise((resolve) => {
      const done = (error: Error) => {
        this.exitError ??= error;
        for (const waiter of this.pending.values()) waiter.reject(this.exitError);
        this.pending.clear();
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) done(exitError(child.exitCode, child.signalCode));
      child.on('exit', (code, signal) => done(exitError(code, signal)));
      child.on('error', (error) => done(new Error(`embedding process failed: ${error.message}`, { cause: error })));
    });
  }

  /** Process id of the child, for diagnostics. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts a child process and waits until its model is loaded. */
  static start(source: ModelSource, options: ProcessEmbedderOptions = {}): Promise<ProcessEmbedder> {
    const threads = options.threads ?? defaultEmbeddingThreads();
    const niceness = options.niceness ?? 0;
    if (!Number.isInteger(niceness) || niceness < 0 || niceness > 19) throw new RangeError(`niceness must be a whole number from 0 to 19, got ${niceness}`);
    const child = fork(entry, [], {
      // Structured clone keeps Float32Array vectors binary on the way back.
      serialization: 'advanced',
      // The entry loads TypeScript itself; a parent's loader or inspector flags must not leak in.
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: withoutSecrets(process.env),
    });
    if (niceness > 0 && child.pid !== undefined) {
      try {
        // Before the model loads, so the child's inference threads (created with its session) inherit it.
        os.setPriority(child.pid, niceness);
      } catch (error) {
        child.kill('SIGKILL');
        return Promise.reject(new Error(`could not lower the embedding process's priority: ${(error as Error).message}`, { cause: error }));
      }
    }
    return new Promise((resolve, reject) => {
      const onMessage = (reply: EmbedReply) => {
        if (reply.type === 'ready') {
          cleanup();
          resolve(new ProcessEmbedder(child, reply.modelId, reply.dimensions, reply.threads));
        } else if (reply.type === 'load-failed') {
          cleanup();
          child.kill('SIGKILL');
          reject(new Error(reply.message));
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanup();
        reject(new Error(`embedding process failed to start: ${exitError(code, signal).message}`));
      };
      const onError = (error: Error) => {
        cleanup();
        child.kill('SIGKILL');
        reject(new Error(`embedding process failed to start: ${error.message}`, { cause: error }));
      };
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', onError);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.on('error', onError);
      child.send({ type: 'load', source, threads } satisfies EmbedRequest);
    });
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: 'embed', id, texts } satisfies EmbedRequest);
    });
  }

  /** Stops the child; it holds no files, so killing it is always safe. */
  async close(): Promise<void> {
    this.exitError ??= new Error('embedding process closed');
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** The child only embeds text: it gets no bot token. */
function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DISCORD_TOKEN: _token, ...rest } = env;
  return rest;
}

function exitError(code: number | null, signal: NodeJS.Signals | null): Error {
  return new Error(
    signal ? `the embedding process was killed by ${signal}` : `the embedding process exited with code ${code}`,
  );
}
