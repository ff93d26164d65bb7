import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProbe } from '../../bench/run-probe.ts';

/**
 * A probe's peak memory is its own, not its parent's: Linux carries the
 * parent's resident memory at the fork into a child's maxRSS, so a bench
 * holding a large corpus made every probe it spawned report that corpus as
 * its peak (469 MB for PostgreSQL's answering process at 200,000 passages).
 */
describe('probe peak RSS', () => {
  it('does not count the memory of the process that spawned the probe', async () => {
    const held = Buffer.alloc(600 * 1024 ** 2, 1); // resident: every page written
    const probe = pathToFileURL(path.resolve('test/bench/fixtures/peak-rss-probe.ts')).href;
    const { peak_rss_mb } = await runProbe<{ peak_rss_mb: number }>(probe, {});
    expect(held[held.length - 1]).toBe(1);
    // A bare Node with tsx is well under 300 MB; the parent holds over 600.
    expect(peak_rss_mb).toBeGreaterThan(10);
    expect(peak_rss_mb).toBeLessThan(300);
  }, 60_000);
});
