import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/bounded-cache.ts';
import { analyze, sentenceTerms } from '../../src/search/analyze-text.ts';

describe('the bounded memo behind the word, sentence and date-reading caches', () => {
  it('works a value out once per key, and forgets everything when full', () => {
    const cache = new BoundedCache<string, number>(2);
    let computed = 0;
    const length = (k: string) => (computed++, k.length);
    expect([cache.get('a', length), cache.get('bb', length), cache.get('a', length)]).toEqual([1, 2, 1]);
    expect(computed).toBe(2);
    cache.get('ccc', length); // full: emptied, then 'ccc' stored
    cache.get('a', length);
    expect(computed).toBe(4);
  });

  it('gives a sentence the same terms as analysing it, from the cache the second time', () => {
    const text = 'The soldier succumbed to his wounds three days later.';
    const first = sentenceTerms(text);
    expect([...first]).toEqual([...new Set(analyze(text))]);
    expect(sentenceTerms(text)).toBe(first);
  });
});
