import { isBlankAt, isLineBreakAt } from './characters.ts';
import { isSentenceBoundary } from './sentence-boundary.ts';

/** A range of the input: `text.slice(start, end)`, offsets in UTF-16 code units, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

// One pass finds line breaks and runs of terminal punctuation with their
// closing quotes. No lookahead, so the regex never backtracks: a 2 MB line of
// dots is still scanned once.
const MARKS = /\r\n|[\n\v\f\r\u0085\u2028\u2029]|[.!?…‽]+[)\]}"'»”’]*|[。．！？]+[」』）】〉》"'”’]*/g;
const PUNCTUATION = /^[.!?…‽。．！？]+/;
const CJK_STOP = /^[。．！？]/;

// Abbreviations are short; looking further back or ahead would only cost time.
const WORD_LOOKBEHIND = 24;
const NEXT_LOOKAHEAD = 40;

/**
 * Splits text into sentences.
 *
 * Spans are trimmed of blank space (see `isBlankAt`), in order, non-overlapping,
 * and together hold every non-blank character of `text` exactly once. A line
 * break always ends a sentence: articles put one paragraph, headline, byline or
 * list item per line, and a headline has no final punctuation to split on.
 * Within a line, sentences end at terminal punctuation followed by blank space,
 * except where `isSentenceBoundary` recognises an abbreviation ("Dec. 26",
 * "U.S. officials", "Gen. Smith") or a continuation (`"Why?" he asked`).
 *
 * Runs in linear time.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  // Start of the text not yet assigned to a span, and its first non-blank
  // character once known (-1 until then).
  let cursor = 0;
  let sentenceStart = -1;

  const closeAt = (end: number): void => {
    let start = sentenceStart >= 0 ? sentenceStart : cursor;
    while (start < end && isBlankAt(text, start)) start++;
    let last = end;
    while (last > start && isBlankAt(text, last - 1)) last--;
    if (start < last) spans.push({ start, end: last });
    cursor = end;
    sentenceStart = -1;
  };

  for (const match of text.matchAll(MARKS)) {
    const index = match.index;
    if (isLineBreakAt(text, index)) {
      closeAt(index);
      continue;
    }
    const end = index + match[0].length;
    if (end >= text.length) continue;
    // "3.5", "U.S.-led", "trying…to": punctuation inside a word. CJK text has
    // no spaces, so a CJK full stop needs none after it.
    if (!isBlankAt(text, end) && !CJK_STOP.test(match[0])) continue;
    let next = end;
    while (next < text.length && isBlankAt(text, next) && !isLineBreakAt(text, next)) next++;
    // At the end of a line or of the text the sentence ends anyway.
    if (next >= text.length || isLineBreakAt(text, next)) continue;

    if (sentenceStart < 0) {
      sentenceStart = cursor;
      while (isBlankAt(text, sentenceStart)) sentenceStart++;
    }
    let wordStart = index;
    const limit = Math.max(sentenceStart, index - WORD_LOOKBEHIND);
    while (wordStart > limit && !isBlankAt(text, wordStart - 1)) wordStart--;
    const wordIsTruncated = wordStart > sentenceStart && !isBlankAt(text, wordStart - 1);

    const punctuation = PUNCTUATION.exec(match[0])?.[0] ?? match[0];
    const boundary = isSentenceBoundary({
      punctuation,
      closers: match[0].slice(punctuation.length),
      wordBefore: wordIsTruncated ? '' : text.slice(wordStart, index),
      isFirstWord: wordStart === sentenceStart,
      next: text.slice(next, next + NEXT_LOOKAHEAD),
    });
    if (boundary) closeAt(end);
  }
  closeAt(text.length);
  return spans;
}
