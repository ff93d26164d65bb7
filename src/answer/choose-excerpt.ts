import { sentenceTerms } from '../search/analyze-text.ts';
import type { ChunkRecord } from '../records/index.ts';
import { hasAnswerType, type AnswerType } from './answer-type.ts';
import type { FactQuestion } from './facts/fact-question.ts';
import { ORGANISATION_NOUNS } from './facts/name-mentions.ts';
import { COMPETING_VALUE } from './facts/pick-mention.ts';

export interface Excerpt {
  text: string;
  /** Offsets in the article body. */
  start: number;
  end: number;
  /** Share of the question's IDF-weighted terms that the excerpt contains (those only the title holds in part), 0..1. */
  coverage: number;
  /** Whether the excerpt holds the kind of fact asked for (a date for "when", a number for "how many"). */
  typed: boolean;
}

/** The question's distinct terms with their weights, and the kind of answer it wants. */
export interface WeightedQuery {
  terms: Map<string, number>;
  total: number;
  type: AnswerType;
  /**
   * Whether a sentence holds the asked fact, tied to the asked event (the
   * fact extractor, for questions that ask for one); without it, whether it
   * holds a value of the asked type at all.
   */
  holdsFact?: (sentence: string) => boolean;
  /** Words that mean the same as a question term here ("die": succumb, death), counted as that term. */
  alike?: Map<string, Set<string>>;
  /** The fact the question asks for, when it asks for one: worked out once per question. */
  fact?: FactQuestion;
  /** The question names something no passage mentions: shared words alone do not make a passage relevant. */
  namesUnseen?: boolean;
}

/** How much an excerpt holding the asked-for kind of fact gains when sentences are compared. */
export const TYPE_BONUS = 0.3;

/** The same, when the fact extractor found a value tied to the asked event in the sentence (see `holdsFact`). */
export const FACT_BONUS = 0.6;

/** A sentence whose subject is a pronoun: who or what it means is in the sentence before. */
const PRONOUN_START = /^\W*(?:he|she|it|they|his|her|its|their|this|these|those|the company|the team)\b/i;

/**
 * A sentence whose subject is an organisation described, not named ("The
 * agency cited…", "Shortly afterward, the agency said…"): which one it is,
 * the sentence before says.
 */
const DESCRIBED_START = new RegExp(`^\\W*(?:[\\p{L}\\s]{0,30},\\s*)?[Tt]he (?:${ORGANISATION_NOUNS})\\b(?!\\s+(?:of\\s+)?\\p{Lu})`, 'u');

/** A sentence that goes on about what the one before it named: a pronoun subject, or "most of them". */
const CONTINUES = new RegExp(
  `${PRONOUN_START.source}|^\\W*(?:most|many|some|all|none|both|each|one|two|several|few) of (?:them|these|those)\\b`,
  'i',
);

/**
 * A question word that only the article's title holds counts this share of
 * its weight toward the excerpt's coverage: the title says what the whole
 * article is about ("Super Bowl 50" for "…sang the national anthem"), the
 * excerpt is what answers. Measured with `npm run eval` against counting
 * title words fully (1) and not at all (0): see the README.
 */
export const TITLE_SHARE = 0.5;

/** Longest excerpt we quote; a longer sentence is cut around its first matching word. */
export const MAX_EXCERPT_CHARS = 420;
/** A second sentence is added only when it brings at least this much more coverage… */
const PAIR_GAIN = 0.15;
/**
 * …or when the best sentence is shorter than this: a short sentence that
 * repeats the question's words rarely also holds the answer, which then
 * tends to follow it ("…is the steam engine indicator." + "It was first
 * used in 1851."). On XQuAD this took cited top-3 from 78.4% to 80.3%.
 */
const SHORT_SENTENCE_CHARS = 120;

/**
 * Share of the question's weighted terms present in `text`. A question of two
 * or more terms needs at least two of them present: one shared word ("world")
 * is a coincidence, not an answer.
 */
function coverageOf(text: string, query: WeightedQuery, next?: string): number {
  if (query.total === 0) return 0;
  let covered = 0;
  let matched = 0;
  // Two adjacent sentences hold exactly the terms of each: no word spans the space between them.
  const own = sentenceTerms(text);
  const after = next === undefined ? null : sentenceTerms(next);
  const has = (t: string) => own.has(t) || (after !== null && after.has(t));
  const hasAlike = (alike: ReadonlySet<string> | undefined) => {
    if (alike) for (const t of alike) if (has(t)) return true;
    return false;
  };
  for (const [term, weight] of query.terms) {
    if (has(term) || hasAlike(query.alike?.get(term))) {
      covered += weight;
      matched++;
    }
  }
  return matched >= Math.min(2, query.terms.size) ? covered / query.total : 0;
}

/** Whether `text` holds any of the question's terms. */
function holdsAnyTerm(text: string, query: WeightedQuery): boolean {
  const own = sentenceTerms(text);
  for (const term of query.terms.keys()) if (own.has(term)) return true;
  return false;
}

/** Whether `set` holds any of `terms`. */
const hasAny = (set: ReadonlySet<string>, terms: ReadonlySet<string>) => {
  for (const t of terms) if (set.has(t)) return true;
  return false;
};

/**
 * The question's term weights for comparing one passage's sentences: each
 * weight times 1 + the term's BM25-style IDF among those sentences. A term
 * in every sentence ("Panthers" in a passage about the Panthers) tells the
 * sentences apart less than one in a single sentence ("led the team in
 * sacks"). On XQuAD this took cited top-1 from 936 to 942 of 1,190.
 */
function withinPassage(query: WeightedQuery, texts: readonly string[]): WeightedQuery {
  const sets = texts.map((t) => sentenceTerms(t));
  const terms = new Map<string, number>();
  let total = 0;
  for (const [term, weight] of query.terms) {
    const alike = query.alike?.get(term);
    let n = 0;
    for (const set of sets) if (set.has(term) || (alike !== undefined && hasAny(set, alike))) n++;
    const local = weight * (1 + Math.log(1 + (sets.length - n + 0.5) / (n + 0.5)));
    terms.set(term, local);
    total += local;
  }
  return { ...query, terms, total };
}

/** Cuts an over-long passage to a window around its first query term, on word boundaries, with ellipses. */
function trimAround(text: string, query: WeightedQuery): { text: string; offset: number } {
  if (text.length <= MAX_EXCERPT_CHARS) return { text, offset: 0 };
  // The first word that starts with a question term (terms are stems: "captur" matches "captured").
  let hit = -1;
  for (const word of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const lower = word[0].toLowerCase();
    if ([...query.terms.keys()].some((term) => lower.startsWith(term))) {
      hit = word.index;
      break;
    }
  }
  let from = Math.max(0, (hit < 0 ? 0 : hit) - Math.floor(MAX_EXCERPT_CHARS / 3));
  let to = Math.min(text.length, from + MAX_EXCERPT_CHARS);
  const space = text.lastIndexOf(' ', to);
  if (to < text.length && space > from + MAX_EXCERPT_CHARS / 2) to = space;
  const startSpace = from > 0 ? text.indexOf(' ', from) : -1;
  if (startSpace > 0 && startSpace < from + 40) from = startSpace + 1;
  // Never split a surrogate pair.
  if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from] ?? '')) from++;
  if (/[\uD800-\uDBFF]/.test(text[to - 1] ?? '')) to--;
  return { text: `${from > 0 ? '…' : ''}${text.slice(from, to).trim()}${to < text.length ? '…' : ''}`, offset: from };
}

/**
 * Picks the one or two adjacent sentences of a chunk that best cover the
 * question's terms: the passage we quote. With `meaning` (each sentence's
 * similarity to the question, in `chunk.sentences` order), the sentence with
 * the best similarity plus coverage is quoted instead: for a passage that
 * answers in other words than the question's, the shared words alone point
 * at the wrong sentence. With `title` (the article's), the question words
 * only the title holds add {@link TITLE_SHARE} of their weight to the
 * excerpt's coverage; they do not change which sentence is quoted.
 */
export function chooseExcerpt(chunk: ChunkRecord, query: WeightedQuery, meaning?: readonly number[], title?: string): Excerpt {
  const sentences = chunk.sentences.length > 0 ? chunk.sentences : [[chunk.start, chunk.end] as [number, number]];
  const slice = (start: number, end: number) => chunk.text.slice(start - chunk.start, end - chunk.start);
  const coverages = sentences.map(([start, end]) => coverageOf(slice(start, end), query));
  // Sentences are compared on the question's terms weighted by how rare each is among this passage's sentences too.
  const choice = sentences.length > 1 ? withinPassage(query, sentences.map(([s, e]) => slice(s, e))) : query;
  const scores = choice === query ? coverages : sentences.map(([s, e], i) => (coverages[i] === 0 ? 0 : coverageOf(slice(s, e), choice)));
  const isTypedText = (text: string) => hasAnswerType(text, query.type) && (query.holdsFact?.(text) ?? true);
  // A sentence holding a value tied to the asked event beats one that only repeats the question's words.
  const bonus = query.holdsFact ? FACT_BONUS : TYPE_BONUS;
  // The fact extractor reads only sentences that share words with the question: no other one is quoted for it.
  const typed: (boolean | undefined)[] = coverages.map((c) => (query.holdsFact && c === 0 ? false : undefined));
  const typedAt = (i: number) => (typed[i] ??= isTypedText(slice(...sentences[i]!)));
  // The best-scoring sentence, the first one on a tie. Whether a sentence is typed is read only while it could
  // still win with the bonus, most covered first: the fact extractor is the cost, and most sentences cannot.
  let best = -1;
  let top = -Infinity;
  const consider = (i: number, score: number) => {
    if (score > top || (score === top && i < best)) [best, top] = [i, score];
  };
  if (meaning && meaning.length === sentences.length) meaning.forEach((similarity, i) => consider(i, similarity + coverages[i]!));
  else {
    typed.forEach((t, i) => t === false && consider(i, scores[i]!));
    const open = scores.map((_, i) => i).filter((i) => typed[i] === undefined);
    const withBonus = (i: number) => scores[i]! + bonus;
    open.sort((a, b) => withBonus(b) - withBonus(a) || a - b);
    for (const i of open) {
      const upper = withBonus(i);
      if (upper < top || (upper === top && i > best)) break;
      consider(i, typedAt(i) ? upper : scores[i]!);
    }
  }
  let [start, end] = sentences[best]!;
  let coverage = coverages[best]!;
  let isTyped = typedAt(best);
  // A sentence that opens with a pronoun ("He is also the oldest…") is quoted with the one before it, which names whom it means.
  const opensWithPronoun = PRONOUN_START.test(slice(start, end)) || DESCRIBED_START.test(slice(start, end));
  for (const neighbour of opensWithPronoun ? [best - 1, best + 1] : [best + 1, best - 1]) {
    const other = sentences[neighbour];
    if (!other) continue;
    const pairStart = Math.min(start, other[0]);
    const pairEnd = Math.max(end, other[1]);
    const pairText = slice(pairStart, pairEnd);
    if (pairText.length > MAX_EXCERPT_CHARS) continue;
    const [first, second] = neighbour > best ? [[start, end], other] : [other, [start, end]];
    const pairCoverage = coverageOf(slice(first[0]!, first[1]!), query, slice(second[0]!, second[1]!));
    // Whether the pair holds the asked fact is read only when it decides something: the fact extractor is the cost.
    let pairTyped: boolean | undefined;
    const typedPair = () => (pairTyped ??= isTypedText(pairText));
    const added = pairCoverage - coverage;
    const gain = added + (!isTyped && added < PAIR_GAIN && added + bonus >= PAIR_GAIN && typedPair() ? bonus : 0);
    const shortFollowed = neighbour === best + 1 && end - start < SHORT_SENTENCE_CHARS;
    const antecedent = opensWithPronoun && neighbour === best - 1;
    // A next sentence that opens with a pronoun goes on about the same subject, where the answer to a question the
    // best sentence echoes often is ("…Tesla Electric Light & Manufacturing." + "The company installed…").
    const continued = neighbour === best + 1 && CONTINUES.test(slice(other[0], other[1]));
    // For a fact question, a next sentence that sets a competing value of the asked fact against this one.
    const competing = neighbour === best + 1 && isTyped && query.holdsFact !== undefined && COMPETING_VALUE.test(slice(other[0], other[1])) && typedAt(neighbour);
    if (gain >= PAIR_GAIN || shortFollowed || antecedent || continued || competing) {
      [start, end, coverage, isTyped] = [pairStart, pairEnd, pairCoverage, typedPair()];
      break;
    }
  }
  const trimmed = trimAround(slice(start, end), query);
  // Synonyms of the asked event count toward the relevance gate only where they hold the asked fact:
  // elsewhere "said", "forces" or "killed" would let off-topic questions through.
  const gate = query.alike && !isTyped ? { ...query, alike: undefined } : query;
  if (gate !== query) coverage = coverageOf(slice(start, end), gate);
  // Question words the title holds and the excerpt does not count in part (coverage reads `next` as words beside the
  // text), and only beside a question word of the excerpt's own: the title alone makes no passage relevant.
  if (title && holdsAnyTerm(slice(start, end), gate)) coverage += TITLE_SHARE * Math.max(0, coverageOf(slice(start, end), gate, title) - coverage);
  return { text: trimmed.text.replace(/\s+/g, ' '), start: start + trimmed.offset, end, coverage, typed: isTyped };
}
