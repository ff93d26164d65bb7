/**
 * Smooth inverse frequency (Arora, Liang and Ma, ICLR 2017): a word of
 * probability p counts a / (a + p) in a sentence's average, so "the" counts
 * about 1/75 of a rare word and the average is about what the sentence is
 * about rather than its grammar.
 */

/** SIF's `a`; the paper found 1e-4 to 1e-3 best and uses 1e-3 for most tasks. */
export const SIF_A = 1e-3;

/**
 * GloVe 6B's full vocabulary (400,000 words). Only the 60,000 most frequent
 * are kept, but Zipf's law needs the whole count to make probabilities.
 */
const FULL_VOCABULARY = 400_000;
// Harmonic number H(N) ≈ ln N + γ: Zipf probabilities 1 / (rank × H) sum to 1.
const HARMONIC = Math.log(FULL_VOCABULARY) + 0.5772156649;

/** A word's probability from its 0-based frequency rank by Zipf's law: "the" (rank 0) 0.074, rank 999 7.4e-5. */
export const zipfProbability = (rank: number): number => 1 / ((rank + 1) * HARMONIC);

/** The SIF weight of the word at 0-based frequency rank `rank`: "the" 0.013, "soldier" (rank 2,480) 0.91. */
export const sifWeight = (rank: number, a = SIF_A): number => a / (a + zipfProbability(rank));
