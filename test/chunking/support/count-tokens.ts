/**
 * A deterministic stand-in for the embedding model's tokenizer (the real one
 * is plugged in by the integrator). Like BERT's basic tokenizer it splits on
 * blank space and punctuation and drops control and format characters (NEL, ZWSP, ZWJ); each
 * run of letters, digits and marks counts one piece per four characters, a
 * rough word-piece estimate that makes long words expensive, and every other
 * visible character (punctuation, symbols, each emoji code point) counts one.
 *
 * Counting is additive over text joined by blank space and never grows when a
 * word is cut in two, like a word-piece tokenizer.
 */
export function countWordPieces(text: string): number {
  let tokens = 0;
  for (const match of text.matchAll(PIECES)) {
    tokens += match[1] === undefined ? 1 : Math.ceil(match[1].length / 4);
  }
  return tokens;
}

const PIECES = /([\p{L}\p{N}\p{M}]+)|[^\s\p{L}\p{N}\p{M}\p{Cf}\p{Cc}]/gu;

/** Counts blank-separated words: the "whitespace-ish" counter of the brief. */
export function countWords(text: string): number {
  return text.split(/\s+/u).filter((word) => word !== '').length;
}

/** Wraps a counter to record how often, and on how much text, it is called. */
export function recordCalls(count: (text: string) => number): {
  countTokens: (text: string) => number;
  calls: number;
  characters: number;
} {
  const record = {
    calls: 0,
    characters: 0,
    countTokens: (text: string): number => {
      record.calls += 1;
      record.characters += text.length;
      return count(text);
    },
  };
  return record;
}
