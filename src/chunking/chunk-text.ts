import { splitLongSpan, type MeasuredSpan } from './split-long-span.ts';
import { splitSentences, type Span } from './split-sentences.ts';

/** A run of consecutive sentences of a document, sized for the embedding model. */
export interface Chunk {
  /** 0-based position in the document. */
  index: number;
  /** Offset of the first character in the document text. */
  start: number;
  /** Offset just past the last character: `text === source.slice(start, end)`. */
  end: number;
  text: string;
  /** The sentences in this chunk, absolute offsets; a sentence cut for length appears as its parts. */
  sentences: Span[];
  /** Sum of `countTokens` over `sentences`. */
  tokens: number;
}

/** How to size chunks. */
export interface ChunkOptions {
  /** Most tokens per chunk, e.g. 200 for all-MiniLM-L6-v2 (which truncates at 256). */
  maxTokens: number;
  /** How many trailing sentences of a chunk the next chunk repeats, when they fit; e.g. 1. */
  overlapSentences: number;
  /**
   * Tokens in a text according to the embedding model's tokenizer, without
   * special tokens. Called about once per sentence, plus a few times per part
   * when a sentence is over budget.
   */
  countTokens: (text: string) => number;
}

/**
 * Cuts a document into chunks of whole sentences.
 *
 * Sentences (see `splitSentences`) are packed greedily up to
 * `options.maxTokens`. Each chunk after the first starts with the last
 * `overlapSentences` sentences of the previous one, dropping overlap sentences
 * from the front when they would not leave room for a new sentence; every
 * chunk therefore holds at least one sentence the previous chunk did not. A
 * sentence over budget is cut into parts at word boundaries, and a word over
 * budget between grapheme clusters (see `splitLongSpan`); the parts are then
 * packed like sentences.
 *
 * Every chunk has at most `maxTokens` tokens, except a chunk holding a single
 * grapheme cluster that alone exceeds it. `tokens` is summed per sentence,
 * which equals the count of the whole chunk for word-piece tokenizers since
 * sentences are separated by blank space.
 *
 * Blank or empty text gives `[]`. The result depends only on the text, the
 * options and the counter's answers.
 *
 * @throws RangeError when `maxTokens` or `overlapSentences` is out of range.
 * @throws TypeError when `countTokens` returns something other than a finite number >= 0.
 * @throws Error naming the text being counted when `countTokens` throws (the original is its `cause`).
 */
export function chunkText(text: string, options: ChunkOptions): Chunk[] {
  const { maxTokens, overlapSentences, countTokens } = options;
  if (!Number.isFinite(maxTokens) || maxTokens < 1) {
    throw new RangeError(`chunkText: maxTokens must be a finite number >= 1, got ${maxTokens}`);
  }
  if (!Number.isInteger(overlapSentences) || overlapSentences < 0) {
    throw new RangeError(`chunkText: overlapSentences must be an integer >= 0, got ${overlapSentences}`);
  }

  const measure = (start: number, end: number): number => {
    const slice = text.slice(start, end);
    const where = (): string => {
      const preview = slice.length > 40 ? `${slice.slice(0, 40)}…` : slice;
      return `the text at ${start}-${end} (${JSON.stringify(preview)})`;
    };
    let tokens: number;
    try {
      tokens = countTokens(slice);
    } catch (error) {
      throw new Error(`chunkText: countTokens failed on ${where()}`, { cause: error });
    }
    if (typeof tokens !== 'number' || !Number.isFinite(tokens) || tokens < 0) {
      throw new TypeError(
        `chunkText: countTokens returned ${String(tokens)} for ${where()}; it must return a finite number >= 0`,
      );
    }
    return tokens;
  };

  const units: MeasuredSpan[] = [];
  for (const sentence of splitSentences(text)) {
    const tokens = measure(sentence.start, sentence.end);
    if (tokens <= maxTokens) {
      units.push({ start: sentence.start, end: sentence.end, tokens });
    } else {
      // A loop, not push(...parts): a 2 MB sentence can have more parts than
      // a call may have arguments.
      for (const part of splitLongSpan(text, sentence, tokens, maxTokens, measure)) units.push(part);
    }
  }
  return pack(text, units, maxTokens, overlapSentences);
}

function pack(text: string, units: MeasuredSpan[], maxTokens: number, overlapSentences: number): Chunk[] {
  const chunks: Chunk[] = [];
  let previous: MeasuredSpan[] = [];
  let next = 0;
  while (next < units.length) {
    const members = overlapFrom(previous, overlapSentences, units[next]!.tokens, maxTokens);
    let tokens = members.reduce((sum, unit) => sum + unit.tokens, 0);
    // At least one new unit, even one over budget, so that packing progresses.
    do {
      const unit = units[next]!;
      members.push(unit);
      tokens += unit.tokens;
      next += 1;
    } while (next < units.length && tokens + units[next]!.tokens <= maxTokens);

    const start = members[0]!.start;
    const end = members[members.length - 1]!.end;
    chunks.push({
      index: chunks.length,
      start,
      end,
      text: text.slice(start, end),
      sentences: members.map((unit) => ({ start: unit.start, end: unit.end })),
      tokens,
    });
    previous = members;
  }
  return chunks;
}

/** The longest tail of `previous`, at most `count` units, that leaves room for `nextTokens`. */
function overlapFrom(
  previous: MeasuredSpan[],
  count: number,
  nextTokens: number,
  maxTokens: number,
): MeasuredSpan[] {
  let taken = Math.min(count, previous.length);
  let tokens = 0;
  for (let i = previous.length - taken; i < previous.length; i++) tokens += previous[i]!.tokens;
  while (taken > 0 && tokens + nextTokens > maxTokens) {
    tokens -= previous[previous.length - taken]!.tokens;
    taken -= 1;
  }
  return previous.slice(previous.length - taken);
}
