import { describe, expect, it } from 'vitest';
import { estimateFinish, progressText } from '../../src/discord/reindex-report.ts';

describe('reindex progress', () => {
  it('estimates the finish from the pace so far', () => {
    // 100 of 400 passages in 20 s: 300 more take 60 s.
    expect(estimateFinish(1_000_000, 1_020_000, 100, 400)).toBe(1_080_000);
  });

  it('gives no estimate before there is a pace, or when done', () => {
    expect(estimateFinish(1_000_000, 1_020_000, 0, 400)).toBeUndefined();
    expect(estimateFinish(1_000_000, 1_020_000, 400, 400)).toBeUndefined();
    expect(estimateFinish(1_000_000, 1_000_000, 10, 400)).toBeUndefined();
  });

  it('shows the finish as a relative Discord timestamp on the embedding line', () => {
    expect(progressText({ phase: 'embed', done: 100, total: 400 }, 1_080_000_500)).toBe('Embedding 100/400 passages… finishing <t:1080001:R>');
    expect(progressText({ phase: 'embed', done: 0, total: 400 })).toBe('Embedding 0/400 passages…');
  });
});
