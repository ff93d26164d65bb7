import { expect } from 'vitest';
import type { Chunk, ChunkOptions } from '../../../src/chunking/chunk-text.ts';
import { splitSentences, type Span } from '../../../src/chunking/split-sentences.ts';

// Checked directly rather than through the code under test.
const BLANK = /[\s\u0085\u200B]/u;
const LINE_BREAK = /[\n\v\f\r\u0085\u2028\u2029]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** Fails the test with `message` unless `condition` holds; cheap enough for per-span loops. */
function check(condition: boolean, message: () => string): void {
  if (!condition) expect.fail(message());
}

/** Throws unless the text between offsets holds only blank characters. */
function expectBlank(text: string, from: number, to: number, what: string): void {
  for (let i = from; i < to; i++) {
    if (!BLANK.test(text[i]!)) {
      expect.fail(`${what}: non-blank ${JSON.stringify(text[i])} at ${i} is in no span`);
    }
  }
}

/**
 * The contract of `splitSentences`: trimmed, ordered, non-overlapping spans
 * that never contain a line break and hold every non-blank character.
 */
export function expectValidSentences(text: string, spans: Span[]): void {
  let previousEnd = 0;
  for (const span of spans) {
    check(span.start >= previousEnd, () => `span at ${span.start} overlaps or precedes ${previousEnd}`);
    check(span.end > span.start, () => `span at ${span.start} is empty`);
    check(!BLANK.test(text[span.start]!), () => `span at ${span.start} starts with a blank`);
    check(!BLANK.test(text[span.end - 1]!), () => `span ending at ${span.end} ends with a blank`);
    check(!LINE_BREAK.test(text.slice(span.start, span.end)), () => `span at ${span.start} crosses a line break`);
    expectBlank(text, previousEnd, span.start, 'between sentences');
    previousEnd = span.end;
  }
  expectBlank(text, previousEnd, text.length, 'after the last sentence');
}

/**
 * The contract of `chunkText` for `overlapSentences: 1`: exact offsets, every
 * sentence (or part of one) covered in order, greedy packing within the budget,
 * one sentence of overlap whenever it fits, and no half emoji.
 */
export function expectValidChunks(text: string, chunks: Chunk[], options: ChunkOptions): void {
  const { maxTokens, countTokens } = options;
  expect(options.overlapSentences).toBe(1);

  // Distinct units (sentences or parts of sentences) in document order.
  const units: Span[] = [];
  chunks.forEach((chunk, index) => {
    check(chunk.index === index, () => `chunk ${index} has index ${chunk.index}`);
    check(chunk.text === text.slice(chunk.start, chunk.end), () => `chunk ${index} text is not source.slice(start, end)`);
    check(chunk.start === chunk.sentences[0]?.start, () => `chunk ${index} does not start at its first sentence`);
    check(chunk.end === chunk.sentences.at(-1)?.end, () => `chunk ${index} does not end at its last sentence`);
    check(!LONE_SURROGATE.test(chunk.text), () => `chunk ${index} cuts a surrogate pair`);

    let tokens = 0;
    let previousEnd = chunk.start;
    for (const sentence of chunk.sentences) {
      check(sentence.start >= previousEnd && sentence.end <= chunk.end, () => `chunk ${index}: sentence ${sentence.start} out of place`);
      previousEnd = sentence.end;
      tokens += countTokens(text.slice(sentence.start, sentence.end));
      const last = units.at(-1);
      if (last === undefined || sentence.start >= last.end) units.push(sentence);
    }
    check(chunk.tokens === tokens, () => `chunk ${index} reports ${chunk.tokens} tokens, its sentences sum to ${tokens}`);
    check(chunk.tokens <= maxTokens, () => `chunk ${index} has ${chunk.tokens} > ${maxTokens} tokens`);
    const whole = countTokens(chunk.text);
    check(whole <= maxTokens, () => `chunk ${index} counted whole has ${whole} > ${maxTokens} tokens`);
  });

  // Units tile the sentences: each lies inside one sentence, and together they
  // hold all of its non-blank text.
  const sentences = splitSentences(text);
  let unit = 0;
  for (const sentence of sentences) {
    check(units[unit]?.start === sentence.start, () => `no unit starts sentence ${sentence.start}`);
    let covered = sentence.start;
    while (unit < units.length && units[unit]!.end <= sentence.end) {
      expectBlank(text, covered, units[unit]!.start, `inside sentence ${sentence.start}`);
      covered = units[unit]!.end;
      unit += 1;
    }
    check(covered === sentence.end, () => `units cover sentence ${sentence.start} only up to ${covered}`);
  }
  expect(unit, 'every unit lies inside a sentence').toBe(units.length);

  const tokensOf = (span: Span): number => countTokens(text.slice(span.start, span.end));
  const unitIndex = new Map(units.map((u, index) => [u.start, index]));
  for (let i = 1; i < chunks.length; i++) {
    const previous = chunks[i - 1]!;
    const current = chunks[i]!;
    const lastOfPrevious = previous.sentences.at(-1)!;
    const firstNew = units[unitIndex.get(lastOfPrevious.start)! + 1]!;
    // Greedy: the previous chunk had no room for the next unit.
    check(previous.tokens + tokensOf(firstNew) > maxTokens, () => `chunk ${i - 1} had room for one more sentence`);
    if (tokensOf(lastOfPrevious) + tokensOf(firstNew) <= maxTokens) {
      expect(current.sentences.slice(0, 2), `chunk ${i} repeats one sentence`).toEqual([lastOfPrevious, firstNew]);
    } else {
      expect(current.sentences[0], `chunk ${i} skips an overlap that does not fit`).toEqual(firstNew);
    }
  }
}
