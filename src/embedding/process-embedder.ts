import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Embedder } from './embedder.ts';
import type { ModelSource } from './resolve-model.ts';
import type { EmbedReply, EmbedRequest } from './embed-protocol.ts';

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
  static start(source: ModelSource): Promise<ProcessEmbedder> {
    const child = fork(entry, [], {
      // Structured clone keeps Float32Array vectors binary on the way back.
      serialization: 'advanced',
      // The entry loads TypeScript itself; a parent's loader or inspector flags must not leak in.
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: withoutSecrets(process.env),
    });
    return new Promise((resolve, reject) => {
      const onMessage = (reply: EmbedReply) => {
        if (reply.type === 'ready') {
          cleanup();
          resolve(new ProcessEmbedder(child, reply.modelId, reply.dimensions));
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
      child.send({ type: 'load', source } satisfies EmbedRequest);
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
