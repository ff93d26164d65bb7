/**
 * A test hook for the crash-safety suite (`test/crash`), inert in normal use.
 *
 * When the environment variable `INDEX_CRASH_AT` names a point, e.g.
 * `INDEX_CRASH_AT=embed-batch:2` or `INDEX_CRASH_AT=before-rename`, the
 * process kills itself with SIGKILL the moment it reaches that point: a real,
 * uncatchable crash at an exact place in a build, so the tests can prove that
 * a killed build never costs the index. Unset, {@link crashPoint} is a
 * comparison against null.
 *
 * Points, in the order a build reaches them (`<x>` is a number or a name):
 * `after-model-load`, `lock-taken`, `lock-owned`, `scanned`, `chunked:<documents done>`,
 * `embed-batch:<batch>`, `embedded`, `staging-created`, `vectra-row:<row>`,
 * `staging-file:<file name>`, `before-rename`, `after-rename`, `before-prune`,
 * `pruned-temporary:<entry>`, `prune-moved:<version>`, `pruned:<version>`, `saved`.
 *
 * Before dying it writes `INDEX_CRASH_AT: killed at <point>` to stderr, so
 * a test can tell this kill from any other SIGKILL (a timeout, the OOM killer).
 *
 * `INDEX_STOP_AT=<point>` stops the process there instead (SIGSTOP; the test
 * resumes it with SIGCONT), e.g. to hold the build lock while a second build starts.
 *
 * Read here, not in config.ts: it is not a setting anyone should put in a
 * `.env`, and passing it down would put a test concern in every signature.
 */
import { writeSync } from 'node:fs';

const crashAt = parse(process.env.INDEX_CRASH_AT);
const stopAt = parse(process.env.INDEX_STOP_AT);

type Point = { name: string; at: string | null };

function parse(value: string | undefined): Point | null {
  const text = value?.trim();
  if (!text) return null;
  const colon = text.indexOf(':');
  return colon < 0 ? { name: text, at: null } : { name: text.slice(0, colon), at: text.slice(colon + 1) };
}

const matches = (point: Point | null, name: string, at: string | number | undefined) =>
  point !== null && point.name === name && (point.at === null || point.at === String(at));

/**
 * Marks a named point of an index build. Kills the process (SIGKILL) when
 * `INDEX_CRASH_AT` is `name` or `name:at`, stops it (SIGSTOP) when
 * `INDEX_STOP_AT` is; otherwise does nothing.
 */
export function crashPoint(name: string, at?: string | number): void {
  if (crashAt === null && stopAt === null) return;
  if (matches(crashAt, name, at)) {
    try {
      // Synchronous: nothing runs after the kill to flush a stream.
      writeSync(2, `INDEX_CRASH_AT: killed at ${name}${at === undefined ? '' : `:${at}`}\n`);
    } catch {
      // A closed or full stderr must not keep the process alive past its crash point.
    }
    process.kill(process.pid, 'SIGKILL');
  }
  if (matches(stopAt, name, at)) process.kill(process.pid, 'SIGSTOP');
}
