/**
 * How much each kind of token counts in a mean-pooled, L2-normalised
 * embedding. Only ratios between weights matter (normalisation removes the
 * overall scale), so weights are on a 0..1 scale with rare content words at 1.
 */

/** Words at least this frequent in SUBTLEX ("the", "you", "to") sit at the weight floor. */
const STOP_COUNT = 800_000;
/** Words this rare or rarer (about 1 in 2.5 million) get full weight. */
const RARE_COUNT = 20;
/**
 * Not zero, so a question made only of common words ("what is it about")
 * still has a direction of its own instead of collapsing onto [CLS].
 */
const MIN_WORD_WEIGHT = 0.02;

/** Whole numbers: dates and years matter to "when" questions but are less specific than names. */
export const NUMBER_WEIGHT = 0.5;
/** `##` continuation pieces only appear inside words missing from the vocabulary; they add little meaning. */
export const PIECE_WEIGHT = 0.1;
/**
 * [CLS] gets a tiny vector so that text with no weighted token (an empty
 * string, only punctuation) still has a non-zero mean: transformers.js
 * divides by the norm, and a zero vector would come back as NaN.
 */
export const CLS_WEIGHT = 0.01;

/**
 * An IDF-like weight from a word's SUBTLEX count, log-scaled: "the" 0.02,
 * "said" 0.25, "soldier" 0.57, "bakery" 0.79, and 1 for words rarer than 20
 * in 50 million or missing from the corpus (names and places found only in
 * the articles), which are what questions are usually about.
 */
export function wordWeight(count: number | undefined): number {
  if (count === undefined || count <= RARE_COUNT) return 1;
  const specificity = Math.log(STOP_COUNT / count) / Math.log(STOP_COUNT / RARE_COUNT);
  return Math.min(1, Math.max(MIN_WORD_WEIGHT, specificity));
}
