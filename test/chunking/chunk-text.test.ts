import { describe, expect, it } from 'vitest';
import { chunkText, type ChunkOptions } from '../../src/chunking/chunk-text.ts';
import { countWordPieces, countWords, recordCalls } from './support/count-tokens.ts';
import { expectValidChunks } from './support/invariants.ts';
import { randomDocument, seededRandom } from './support/random-text.ts';

const words = (count: number, word = 'word'): string => Array.from({ length: count }, () => word).join(' ');

function textsOf(text: string, options: ChunkOptions): string[][] {
  return chunkText(text, options).map((chunk) => chunk.sentences.map((s) => text.slice(s.start, s.end)));
}

/** Grapheme cluster boundaries of `text`, by segmenting it whole. */
function graphemeBoundaries(text: string): Set<number> {
  const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
  return new Set([...segmenter.segment(text)].map((segment) => segment.index).concat(text.length));
}

describe('chunkText', () => {
  it('returns no chunks, without counting, for empty or blank text', () => {
    const counter = recordCalls(countWords);
    const options = { maxTokens: 200, overlapSentences: 1, countTokens: counter.countTokens };
    expect(chunkText('', options)).toEqual([]);
    expect(chunkText(' \n\n\t\u200B ', options)).toEqual([]);
    expect(counter.calls).toBe(0);
  });

  it('packs whole sentences greedily and repeats the last sentence of each chunk', () => {
    const text = 'One two three four. Five six seven. Eight nine. Ten eleven twelve thirteen. Fourteen fifteen.';
    expect(textsOf(text, { maxTokens: 7, overlapSentences: 1, countTokens: countWords })).toEqual([
      ['One two three four.', 'Five six seven.'],
      ['Five six seven.', 'Eight nine.'],
      ['Eight nine.', 'Ten eleven twelve thirteen.'],
      ['Ten eleven twelve thirteen.', 'Fourteen fifteen.'],
    ]);
  });

  it('reports exact offsets, sentence spans and token sums', () => {
    const text = '\n  Headline here\n\nFirst sentence. Second one.  ';
    const [chunk] = chunkText(text, { maxTokens: 200, overlapSentences: 1, countTokens: countWords });
    expect(chunk).toEqual({
      index: 0,
      start: 3,
      end: 45,
      text: 'Headline here\n\nFirst sentence. Second one.',
      sentences: [
        { start: 3, end: 16 },
        { start: 18, end: 33 },
        { start: 34, end: 45 },
      ],
      tokens: 6,
    });
  });

  it('skips the overlap when it would not leave room for a new sentence', () => {
    const text = `${words(6, 'Alpha')}. ${words(6, 'Bravo')}. ${words(3, 'Charlie')}.`;
    expect(textsOf(text, { maxTokens: 10, overlapSentences: 1, countTokens: countWords })).toEqual([
      [`${words(6, 'Alpha')}.`],
      [`${words(6, 'Bravo')}.`, `${words(3, 'Charlie')}.`],
    ]);
  });

  it('repeats up to overlapSentences sentences, or none', () => {
    const text = 'A a. B b. C c. D d. E e.';
    expect(textsOf(text, { maxTokens: 6, overlapSentences: 2, countTokens: countWords })).toEqual([
      ['A a.', 'B b.', 'C c.'],
      ['B b.', 'C c.', 'D d.'],
      ['C c.', 'D d.', 'E e.'],
    ]);
    expect(textsOf(text, { maxTokens: 6, overlapSentences: 0, countTokens: countWords })).toEqual([
      ['A a.', 'B b.', 'C c.'],
      ['D d.', 'E e.'],
    ]);
  });

  it('cuts a sentence over budget into parts at word boundaries', () => {
    const text = `Intro. ${Array.from({ length: 50 }, (_, i) => `Word${i}`).join(' ')}. Outro.`;
    const options = { maxTokens: 12, overlapSentences: 1, countTokens: countWords };
    const chunks = chunkText(text, options);
    expectValidChunks(text, chunks, options);
    const parts = chunks.flatMap((chunk) => chunk.sentences).filter((s) => text.startsWith('Word', s.start));
    expect(parts.map((part) => countWords(text.slice(part.start, part.end)))).toEqual([12, 12, 12, 12, 2]);
    for (const part of parts) {
      expect(text[part.start - 1]).toBe(' ');
      expect(text[part.end]).toBe(' ');
    }
  });

  it('cuts a 5,000-character word by characters within budget', () => {
    const longWord = 'x'.repeat(5000);
    const text = `Before it. Then ${longWord} ended.`;
    const options = { maxTokens: 50, overlapSentences: 1, countTokens: countWordPieces };
    const chunks = chunkText(text, options);
    expectValidChunks(text, chunks, options);
    // 5,000 x's are 1,250 tokens here: 25 parts or more, so 24 cuts inside the word.
    const cutsInWord = new Set(chunks.flatMap((c) => c.sentences).filter((s) => text[s.end] === 'x').map((s) => s.end));
    expect(cutsInWord.size).toBeGreaterThanOrEqual(24);
  });

  it('never cuts an emoji, a flag or an accented letter in half', () => {
    const text = `${'👨‍👩‍👧🇰🇷e\u0301'.repeat(400)} and 👍🏽.`;
    const options = { maxTokens: 10, overlapSentences: 1, countTokens: countWordPieces };
    const chunks = chunkText(text, options);
    expectValidChunks(text, chunks, options);
    const boundaries = graphemeBoundaries(text);
    for (const span of chunks.flatMap((chunk) => chunk.sentences)) {
      expect(boundaries.has(span.start) && boundaries.has(span.end), `cut at ${span.start}-${span.end}`).toBe(true);
    }
  });

  it('keeps the pairs of a long run of flags together', () => {
    // Each flag is two regional indicators (two tokens here); an odd budget
    // leaves room for half a flag more than fits, and parts are long enough
    // (~400 code units) that a lookup window not anchored at the part start
    // could pair the indicators wrongly.
    const text = '🇰🇷🇺🇦'.repeat(3000);
    const options = { maxTokens: 201, overlapSentences: 1, countTokens: countWordPieces };
    const chunks = chunkText(text, options);
    expectValidChunks(text, chunks, options);
    for (const chunk of chunks) expect(chunk.text.length % 4, `chunk ${chunk.index}`).toBe(0);
  });

  it('makes progress when a single character is over budget', () => {
    const text = '👨‍👩‍👧👨‍👩‍👧 ok';
    // The family emoji counts 3 here, over a budget of 2.
    const chunks = chunkText(text, { maxTokens: 2, overlapSentences: 1, countTokens: countWordPieces });
    expect(chunks.map((chunk) => chunk.text)).toEqual(['👨‍👩‍👧', '👨‍👩‍👧', 'ok']);
    expect(chunks.map((chunk) => chunk.tokens)).toEqual([3, 3, 1]);
  });

  it('is deterministic', () => {
    const text = randomDocument(seededRandom(7), 2000);
    const options = { maxTokens: 40, overlapSentences: 1, countTokens: countWordPieces };
    expect(chunkText(text, options)).toEqual(chunkText(text, options));
  });

  it('keeps every chunk within budget and every sentence covered for random documents', () => {
    const random = seededRandom(1234);
    for (let round = 0; round < 60; round++) {
      const text = randomDocument(random, Math.floor(random() * 1500));
      const maxTokens = [4, 10, 30, 200][round % 4]!;
      const options = { maxTokens, overlapSentences: 1, countTokens: countWordPieces };
      expectValidChunks(text, chunkText(text, options), options);
    }
  });

  it('rejects impossible options and bad token counts with a message naming them', () => {
    const text = 'Some text.';
    expect(() => chunkText(text, { maxTokens: 0, overlapSentences: 1, countTokens: countWords })).toThrow(
      /maxTokens must be a finite number >= 1, got 0/,
    );
    expect(() => chunkText(text, { maxTokens: 10, overlapSentences: -1, countTokens: countWords })).toThrow(
      /overlapSentences must be an integer >= 0, got -1/,
    );
    expect(() => chunkText(text, { maxTokens: 10, overlapSentences: 1, countTokens: () => Number.NaN })).toThrow(
      /countTokens returned NaN for the text at 0-10 \("Some text\."\)/,
    );
    const failure = new Error('tokenizer not loaded');
    const failing = () => {
      throw failure;
    };
    expect(() => chunkText(text, { maxTokens: 10, overlapSentences: 1, countTokens: failing })).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/countTokens failed on the text at 0-10/), cause: failure }),
    );
  });
});
