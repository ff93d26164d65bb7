import { graphemeEndAfter, graphemeStartAtOrBefore, isBlankAt } from './characters.ts';
import type { Span } from './split-sentences.ts';

/** A span with its token count. */
export interface MeasuredSpan extends Span {
  tokens: number;
}

/** Counts the tokens of `text.slice(start, end)`. */
export type MeasureSpan = (start: number, end: number) => number;

/**
 * Cuts a span that is over budget into consecutive parts of at most
 * `maxTokens` tokens each, trimmed of blank space.
 *
 * Parts end at word boundaries (blank space). A single word over budget is cut
 * between grapheme clusters, so an emoji or an accented letter is never split;
 * only a single cluster over budget produces a part above `maxTokens`.
 *
 * The cut is found by galloping then bisecting over prefix lengths, starting
 * from the size of the previous part, so each part costs a handful of
 * `measure` calls on text about its own length: linear overall, even for a
 * 2 MB line with no spaces. It assumes that a longer prefix never has fewer
 * tokens; if the counter breaks that, parts still fit but may be shorter.
 *
 * @param spanTokens - tokens of the whole span, used to guess the first cut
 */
export function splitLongSpan(
  text: string,
  span: Span,
  spanTokens: number,
  maxTokens: number,
  measure: MeasureSpan,
): MeasuredSpan[] {
  const words = findWords(text, span);
  const lastWord = words.starts.length - 1;
  const parts: MeasuredSpan[] = [];
  const fits = (tokens: number): number | undefined => (tokens <= maxTokens ? tokens : undefined);
  // First guesses assume tokens are spread evenly; later ones reuse the size
  // of the previous part.
  const ratio = Math.min(1, maxTokens / Math.max(1, spanTokens));
  let wordGuess = Math.max(1, Math.floor(words.starts.length * ratio));
  let charGuess = Math.max(1, Math.floor((span.end - span.start) * ratio));

  let word = 0;
  let position = words.starts[0] ?? span.end;
  // Cutting inside an oversized word must continue inside it: measuring from a
  // mid-word position to the word's end each time would be quadratic.
  let insideWord = false;
  // Set when the text from `position` to the end of `word` is known to fit.
  let restOfWordTokens: number | undefined;

  while (word <= lastWord) {
    const wordEnd = words.ends[word]!;
    if (!insideWord) {
      const from = position;
      const fit = findLongestFit(
        restOfWordTokens === undefined ? word - 1 : word,
        restOfWordTokens ?? 0,
        lastWord,
        wordGuess,
        (last) => fits(measure(from, words.ends[last]!)),
      );
      restOfWordTokens = undefined;
      if (fit.last >= word) {
        parts.push({ start: from, end: words.ends[fit.last]!, tokens: fit.tokens });
        wordGuess = fit.last - word + 1;
        word = fit.last + 1;
        position = words.starts[word] ?? span.end;
        continue;
      }
      // The search probed `word` alone and it did not fit.
      insideWord = true;
    }

    const from = position;
    // Nearby probes snap to the same cluster start (an emoji is up to ~20
    // code units); measure each cut once.
    const measured = new Map<number, number | undefined>();
    const fit = findLongestFit(from, 0, wordEnd, charGuess, (end) => {
      const cut = graphemeStartAtOrBefore(text, end, from);
      if (cut === from) return 0;
      if (!measured.has(cut)) measured.set(cut, fits(measure(from, cut)));
      return measured.get(cut);
    });
    const cut = graphemeStartAtOrBefore(text, fit.last, from);
    if (cut === wordEnd) {
      // The rest of the word fits: go back to packing whole words after it.
      restOfWordTokens = fit.tokens;
      insideWord = false;
      continue;
    }
    if (cut === from) {
      // Not even one grapheme cluster fits: take one anyway, to make progress.
      const forced = graphemeEndAfter(text, from, wordEnd);
      parts.push({ start: from, end: forced, tokens: measure(from, forced) });
      charGuess = forced - from;
      position = forced;
    } else {
      parts.push({ start: from, end: cut, tokens: fit.tokens });
      charGuess = cut - from;
      position = cut;
    }
    if (position >= wordEnd) {
      word += 1;
      position = words.starts[word] ?? span.end;
      insideWord = false;
    }
  }
  return parts;
}

interface Words {
  starts: number[];
  ends: number[];
}

/** Maximal runs of non-blank characters within `span`. */
function findWords(text: string, span: Span): Words {
  const starts: number[] = [];
  const ends: number[] = [];
  let index = span.start;
  while (index < span.end) {
    while (index < span.end && isBlankAt(text, index)) index++;
    if (index >= span.end) break;
    starts.push(index);
    while (index < span.end && !isBlankAt(text, index)) index++;
    ends.push(index);
  }
  return { starts, ends };
}

/**
 * Largest `k` in `[known, max]` for which `tryFit(k)` returns a token count
 * (instead of `undefined`), assuming a fitting `k` means every smaller one fits.
 * `known` is already known to fit with `knownTokens` and is never probed.
 *
 * The first probe is `known + guess`, the size of the previous part; from there
 * it gallops up (+1, +2, +4 …) or down (-1, -2, -4 …) and then bisects, so with
 * evenly sized parts it takes two or three probes, each about one part long.
 */
function findLongestFit(
  known: number,
  knownTokens: number,
  max: number,
  guess: number,
  tryFit: (k: number) => number | undefined,
): { last: number; tokens: number } {
  let low = known;
  let lowTokens = knownTokens;
  let high = max + 1; // smallest k known not to fit
  const accept = (k: number, tokens: number | undefined): boolean => {
    if (tokens === undefined) {
      high = k;
      return false;
    }
    low = k;
    lowTokens = tokens;
    return true;
  };

  if (low < max) {
    const first = Math.min(low + Math.max(1, guess), max);
    if (accept(first, tryFit(first))) {
      for (let step = 1; low < max; step *= 2) {
        const probe = Math.min(low + step, max);
        if (!accept(probe, tryFit(probe))) break;
      }
    } else {
      for (let step = 1; high - low > 1; step *= 2) {
        const probe = Math.max(high - step, low + 1);
        if (accept(probe, tryFit(probe))) break;
      }
    }
  }
  while (high - low > 1) {
    const middle = low + ((high - low) >> 1);
    accept(middle, tryFit(middle));
  }
  return { last: low, tokens: lowTokens };
}
