import { describe, expect, it } from 'vitest';
import { estimateFinish, trackEmbedding } from '../../src/indexing/embedding-pace.ts';

describe('the pace of embedding', () => {
  it('estimates the finish from the pace so far', () => {
    // 100 of 400 passages in 20 s: 300 more take 60 s.
    expect(estimateFinish(1_000_000, 1_020_000, 100, 400)).toBe(1_080_000);
  });

  it('gives no estimate before there is a pace, or when done', () => {
    expect(estimateFinish(1_000_000, 1_020_000, 0, 400)).toBeUndefined();
    expect(estimateFinish(1_000_000, 1_020_000, 400, 400)).toBeUndefined();
    expect(estimateFinish(1_000_000, 1_000_000, 10, 400)).toBeUndefined();
  });

  it('times a build from its first event, and marks each tenth once, never the start or the end', () => {
    let clock = 5_000;
    const pace = trackEmbedding(() => clock);
    const seen: { done: number; finishAt?: number; newTenth: boolean }[] = [];
    for (let done = 0; done <= 1000; done += 50) {
      seen.push({ done, ...pace.update(done, 1000) });
      clock += 1_000; // 50 passages a second
    }
    expect(seen.filter((s) => s.newTenth).map((s) => s.done)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(seen[0]!.finishAt).toBeUndefined();
    // 500 done after 10 s: 500 more take another 10 s.
    expect(seen.find((s) => s.done === 500)!.finishAt).toBe(25_000);
    expect(seen.at(-1)!.finishAt).toBeUndefined();
  });

  it('starts over with the next build', () => {
    let clock = 0;
    const pace = trackEmbedding(() => clock);
    pace.update(0, 100);
    clock = 10_000;
    expect(pace.update(90, 100).newTenth).toBe(true);
    pace.update(0, 100);
    clock = 11_000;
    expect(pace.update(50, 100)).toEqual({ finishAt: 12_000, newTenth: true });
  });
});
