import { execFileSync } from 'node:child_process';

/**
 * Process ids of the embedding child processes (`embed-process-entry.mjs`)
 * whose parent is `parentPid`, this test process by default. Uses procps
 * `ps --ppid`, so Linux only: callers skip elsewhere.
 */
export function embeddingProcesses(parentPid: number = process.pid): number[] {
  let out: string;
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parentPid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits with 1 when nothing matches
  }
  return out
    .split('\n')
    .filter((line) => line.includes('embed-process-entry'))
    .map((line) => Number.parseInt(line, 10));
}
