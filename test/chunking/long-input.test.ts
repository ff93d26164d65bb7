import { describe, expect, it } from 'vitest';
import { chunkText } from '../../src/chunking/chunk-text.ts';
import { splitSentences } from '../../src/chunking/split-sentences.ts';
import { countWordPieces, countWords, recordCalls } from './support/count-tokens.ts';
import { expectValidChunks, expectValidSentences } from './support/invariants.ts';

const TWO_MB = 2 * 1024 * 1024;

/** `unit` repeated to exactly `length` code units, never ending in half a surrogate pair. */
function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.floor(length / unit.length));
}

// Timing is for the benchmark program (test/chunking/bench.ts). Here the work
// is bounded instead: how often the counter is called and on how much text.
// Quadratic behaviour on a 2 MB line would break these bounds by orders of magnitude.
describe('two-megabyte single lines', () => {
  const cases = [
    { name: 'words separated by spaces', text: repeatTo('word ', TWO_MB), countTokens: countWords },
    { name: 'one word with no spaces', text: 'x'.repeat(TWO_MB), countTokens: countWordPieces },
    { name: 'emoji with no spaces', text: repeatTo('👨‍👩‍👧👍🏽', TWO_MB), countTokens: countWordPieces },
    {
      name: 'news sentences full of abbreviations',
      text: repeatTo('Gen. Kim met U.S. officials on Dec. 26 at 5 p.m. Friday. “Why?” he asked. ', TWO_MB),
      countTokens: countWordPieces,
    },
  ];

  it.each(cases)('chunks $name within budget with linear work', ({ text, countTokens }) => {
    const counter = recordCalls(countTokens);
    const chunks = chunkText(text, { maxTokens: 200, overlapSentences: 1, countTokens: counter.countTokens });
    expect(counter.characters, 'characters counted per input character').toBeLessThan(6 * text.length);
    expect(counter.calls, 'counter calls per chunk').toBeLessThan(8 * chunks.length + splitSentences(text).length + 1);
    expectValidChunks(text, chunks, { maxTokens: 200, overlapSentences: 1, countTokens });
  });

  it('splits a 2 MB line of sentences into valid sentences', () => {
    const text = repeatTo('The soldier died on Dec. 26 in the U.S. The talks ended. ', TWO_MB);
    const spans = splitSentences(text);
    expectValidSentences(text, spans);
    expect(spans).toHaveLength(2 * Math.floor(TWO_MB / 57));
  });

  it('stays one sentence on a 2 MB line of dots, and is cut within budget', () => {
    const text = '.'.repeat(TWO_MB);
    expect(splitSentences(text)).toEqual([{ start: 0, end: TWO_MB }]);
    const counter = recordCalls(countWordPieces);
    const chunks = chunkText(text, { maxTokens: 200, overlapSentences: 1, countTokens: counter.countTokens });
    expect(chunks.every((chunk) => chunk.tokens <= 200)).toBe(true);
    expect(counter.characters).toBeLessThan(6 * text.length);
  });
});
