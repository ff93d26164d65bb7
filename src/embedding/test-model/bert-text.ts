/**
 * A mirror of what transformers.js 2.17.2 does to text before WordPiece
 * (BertNormalizer with lowercase + strip accents + clean text + Chinese
 * characters, then BertPreTokenizer). The generator needs it so that the words
 * it puts in the vocabulary are exactly the pieces the tokenizer will look up;
 * a word stored in any other form would never be matched.
 */

// Same character class as transformers.js PUNCTUATION_REGEX (Unicode P plus ASCII symbols).
const PUNCTUATION = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const PRE_TOKEN = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, 'gu');
const REMOVED = /[\u0000\uFFFD]|(?![\t\n\r])[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
// The CJK ideograph blocks BertNormalizer surrounds with spaces.
const CJK =
  /[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B820}-\u{2CEAF}\u{2F800}-\u{2FA1F}]/gu;

/** Lowercases, strips accents and drops control characters, as BertNormalizer does. */
export function normalizeLikeBert(text: string): string {
  return text
    .replace(REMOVED, '')
    .replace(/\s/gu, ' ')
    .replace(CJK, ' $& ')
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '');
}

/** Splits normalised text into words and single punctuation marks, as BertPreTokenizer does. */
export function preTokenizeLikeBert(normalized: string): string[] {
  return normalized.trim().match(PRE_TOKEN) ?? [];
}

/** The words of `text` (letters and digits only) in the form the tokenizer looks them up. */
export function wordsLikeBert(text: string): string[] {
  return preTokenizeLikeBert(normalizeLikeBert(text)).filter((piece) => /^[\p{L}\p{N}]+$/u.test(piece));
}
