import { describe, expect, it } from 'vitest';
import { progressText } from '../../src/discord/reindex-report.ts';

describe('reindex progress', () => {
  it('shows the finish as a relative Discord timestamp on the embedding line', () => {
    expect(progressText({ phase: 'embed', done: 100, total: 400 }, 1_080_000_500)).toBe('Embedding 100/400 passages… finishing <t:1080001:R>');
    expect(progressText({ phase: 'embed', done: 0, total: 400 })).toBe('Embedding 0/400 passages…');
  });
});
