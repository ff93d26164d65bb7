import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../support/engine-fixture.ts';

export interface EntryResult {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A CLI entry point running in a child process. */
export interface RunningEntry {
  child: ChildProcess;
  done: Promise<EntryResult>;
}

/**
 * Starts a CLI entry point (`src/cli/<script>`) in a child process as `npm run`
 * does (node + tsx), optionally killing it with SIGKILL after `killAfterMs`.
 * Unlike `test/support/run-cli.ts` it reports the signal that ended the process.
 */
export function startEntry(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { killAfterMs?: number; timeoutMs?: number } = {},
): RunningEntry {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli', script), ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = new Promise<EntryResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timers = [setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)];
    if (options.killAfterMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), options.killAfterMs));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs a CLI entry point to the end (see {@link startEntry}). */
export function runEntry(...args: Parameters<typeof startEntry>): Promise<EntryResult> {
  return startEntry(...args).done;
}

/** Runs `task`s at most `slots` at a time (child processes are CPU heavy; CI has two cores). */
export function limitConcurrency(slots: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
