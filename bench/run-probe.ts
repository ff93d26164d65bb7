import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs a probe script (`bench/probe-*.ts`) in a fresh Node process, so
 * load time and memory are measured from a cold start with nothing else
 * loaded. The input goes through a temporary JSON file (query vectors are
 * large), the result comes back as JSON on stdout.
 */
export async function runProbe<T>(script: string, input: unknown, options: { timeoutMs?: number } = {}): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-probe-'));
  const inputFile = path.join(dir, 'input.json');
  try {
    await writeFile(inputFile, JSON.stringify(input));
    const file = fileURLToPath(new URL(script, import.meta.url));
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file, inputFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : null;
      child.on('error', reject);
      child.on('close', (code) => {
        if (timer) clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
    if (code !== 0) throw new Error(`benchmark probe ${script} failed (exit ${code}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
    try {
      return JSON.parse(stdout) as T;
    } catch {
      throw new Error(`benchmark probe ${script} printed no JSON result: ${stdout.slice(0, 200)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What a probe reports about memory, in MB. */
export interface ProbeMemory {
  /** Resident memory of the bare process before loading anything. */
  baseline_rss_mb: number;
  /** Resident memory after the load, after a garbage collection. */
  rss_mb: number;
  /** Highest resident memory the process reached. */
  peak_rss_mb: number;
}

/** Measures memory in a probe (run with --expose-gc). */
export function memoryNow(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().rss / 1024 ** 2);
}

/**
 * The highest resident memory of this process itself, in MB: Linux's VmHWM
 * (/proc/self/status), the high-water mark of the memory the process has
 * mapped since it started. Not `process.resourceUsage().maxRSS`: Linux
 * carries the parent's resident memory at the fork into the child's maxRSS
 * across exec, so a probe spawned by a bench holding a 200,000-passage corpus
 * reported that corpus's memory as its own peak (a child of a process holding
 * 800 MB reports an 804 MB maxRSS and a 39 MB VmHWM). maxRSS remains the
 * fallback where /proc is absent.
 */
export function peakRssMb(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Math.round(Number(kb) / 1024);
  } catch {
    // Not Linux: below.
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Reads a probe's input (argv[2]) and prints its result; the one place probes touch the terminal. */
export async function probeMain<I, O>(run: (input: I) => Promise<O>): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: probe <input.json>');
  const output = await run(JSON.parse(await readFile(file, 'utf8')) as I);
  process.stdout.write(JSON.stringify(output));
}
