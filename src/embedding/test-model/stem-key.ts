/**
 * A crude, deterministic key shared by inflected forms of an English word
 * ("soldier"/"soldiers", "die"/"died"/"dies"/"dying", "capture"/"captured"),
 * so their vectors can share a component. The key need not be a real word,
 * and it sometimes joins unrelated words ("news"/"new"); that costs a little
 * precision, never a failure, because each word keeps a component of its own.
 */

/**
 * Abbreviations and the word they stand for. News copy abbreviates months
 * ("Dec. 26"); questions usually spell them out.
 */
export const ALIASES: Readonly<Record<string, string>> = {
  jan: 'january',
  feb: 'february',
  mar: 'march',
  apr: 'april',
  jun: 'june',
  jul: 'july',
  aug: 'august',
  sep: 'september',
  sept: 'september',
  oct: 'october',
  nov: 'november',
  dec: 'december',
};

// Doubled final consonants that belong to the stem ("kill", "pass", "buzz").
const KEPT_DOUBLES = new Set(['ll', 'ss', 'zz', 'ff']);

/** Strips one inflectional suffix ("-s", "-es", "-ies", "-ed", "-ing"), if the rest is long enough. */
function stripSuffix(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length >= 6) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && !word.endsWith('eed') && word.length >= 4) return undouble(word.slice(0, -2));
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

function undouble(stem: string): string {
  const last = stem.slice(-2);
  return last[0] === last[1] && /^[b-df-hj-np-tv-z]{2}$/.test(last) && !KEPT_DOUBLES.has(last) ? stem.slice(0, -1) : stem;
}

/** The key of a lowercase word; words with characters outside a-z are their own key. */
export function stemKey(word: string): string {
  const alias = ALIASES[word];
  if (alias !== undefined) return stemKey(alias);
  if (!/^[a-z]+$/.test(word)) return word;
  // "die"/"dying", "lie"/"lying": too short for the general rules below.
  if (/^[a-z](ie|ying)$/.test(word)) return `${word[0]}y`;
  if (word.length < 4) return word;
  let stem = stripSuffix(word);
  // A final silent "e" comes and goes with suffixes ("capture"/"captured"/"capturing").
  if (stem.endsWith('e') && stem.length >= 3) stem = stem.slice(0, -1);
  // "i" before a suffix is "y" elsewhere ("carried"/"carry", "died"/"die").
  if (stem.endsWith('i')) stem = `${stem.slice(0, -1)}y`;
  return stem;
}
