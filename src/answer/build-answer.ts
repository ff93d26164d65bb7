import { analyze, sentenceTerms } from '../search/analyze-text.ts';
import type { RetrievedChunk } from '../search/passage-index.ts';
import type { ChunkRecord, DocumentRecord } from '../records/index.ts';
import { chooseExcerpt, TYPE_BONUS, type Excerpt, type WeightedQuery } from './choose-excerpt.ts';
import { mergeDuplicates } from './merge-duplicates.ts';
import { namesUnseenTerm } from './unseen-names.ts';
import { expectedAnswerType, hasAnswerType } from './answer-type.ts';
import { displayDate } from './display-date.ts';
import { factQuestion, type FactQuestion } from './facts/fact-question.ts';
import { claimsIn, datesOfArticle, hasBareWeekday, holdsFact, type ArticlePassages } from './facts/extract-facts.ts';
import type { Bound } from './facts/pick-mention.ts';
import { groupFacts, type CitedClaim } from './facts/group-facts.ts';
import { stateFacts } from './facts/state-facts.ts';
import { valuesAgree } from './facts/compare-values.ts';
import { numberMentions } from './facts/number-mentions.ts';
import type { Answer, Citation, SourceRef } from './types.ts';

export interface AnswerSettings {
  topK: number;
  /** An excerpt must contain at least this share of the question's weighted terms... */
  minKeywordCoverage: number;
  /** ...or its chunk must be at least this similar to the question (dense cosine). */
  minDenseScore: number;
  /** State the asked fact (date, number, place, name) with its sources; default true. Off, answers only quote (the benchmark's baseline). */
  statesFacts?: boolean;
  /** The day the question is asked (`YYYY-MM-DD`): later articles are left out, recent ones first when it asks about recent news. */
  asOf?: string;
}

export interface AnswerInputs {
  question: string;
  /** Retrieved passages, best first. */
  candidates: readonly RetrievedChunk[];
  documents: ReadonlyMap<string, DocumentRecord>;
  /** IDF of the question's terms (`analyze(question)`), the only terms asked for. */
  idf: (term: string) => number;
  /** Whole articles, read for the relative dates of an undated one. */
  articles: ArticlePassages;
  /**
   * The question's vector and the model that made it: a passage admitted by
   * meaning alone is quoted at its sentence closest to the question. Without
   * it (keyword retrieval), every excerpt is chosen by the question's words.
   */
  meaning?: { vector: Float32Array; embed: (texts: string[]) => Promise<Float32Array[]> };
}

/** Passages admitted by meaning alone whose sentences are compared with the question, at most: the ones that can be cited. */
const MEANING_PASSAGES = 6;

/**
 * The keyword coverage a passage needs when the question names something no
 * passage mentions ("When did Luther broaden his attacks…?" of war reports):
 * far more of its other words than usual. Not a refusal outright: users
 * misspell names ("Ghandi", "Maastrich"), and a question whose other words
 * a passage nearly all holds is still about it. Measured with `npm run eval`
 * (2026-11-29): XQuAD questions wrongly answered from the sample articles
 * 20 -> 12 (lexical model) and 23 -> 12 (word-vector model), XQuAD cited
 * top-1 -0.4 points; refusing outright cost 1.1 points.
 */
export const UNSEEN_NAME_COVERAGE = 0.7;

/**
 * The share of `MIN_KEYWORD_COVERAGE` a passage needs when it is first in
 * both the dense and the keyword ranking: two searches agreeing on it is
 * evidence besides the shared words. Measured with `npm run eval` (see the
 * README): 0.9 answered 7 more XQuAD questions right with the lexical model
 * and let no more off-topic questions through with either model; 0.8
 * answered none more right and let one more through.
 */
export const AGREED_COVERAGE_SHARE = 0.9;

/** A value is stated only when tied at least this closely, relative to the best-tied value among the citations. */
export const RELATIVE_BINDING = 0.3;

export const NO_ANSWER =
  "The indexed articles don't answer that. Try the words the articles would use (names, places, dates), or list what is indexed with sources.";

/** Weights the question's distinct terms by IDF. */
export function weighQuery(question: string, idf: (term: string) => number, statesFacts = true): WeightedQuery {
  const terms = new Map<string, number>();
  for (const term of analyze(question)) terms.set(term, idf(term));
  let total = 0;
  for (const weight of terms.values()) total += weight;
  const asked = statesFacts ? factQuestion(question) : null;
  const holdsFact = asked ? sentenceHoldsFact(asked, idf) : undefined;
  // For a fact question, the event's other words count as the question's ("succumbed" for "die"); other questions match words as written.
  const alike = asked ? new Map(asked.words.map((w) => [w.term, w.alike])) : undefined;
  return {
    terms,
    total,
    type: expectedAnswerType(question),
    namesUnseen: namesUnseenTerm(question, terms),
    ...(asked ? { fact: asked, alike, holdsFact } : {}),
  };
}

/** Sentences are typed without their article: a weekday or a day without a year still counts as a date. */
const NO_ARTICLE_DATES = { reference: null, anchor: null };

/**
 * Whether a sentence holds a value tied to the asked event, remembered per
 * sentence for the question. The fact extractor is asked only about
 * sentences that name the event (or what is counted) at all: a term lookup
 * that leaves it a fraction of the sentences.
 */
function sentenceHoldsFact(asked: FactQuestion, idf: (term: string) => number): (sentence: string) => boolean {
  const namesEvent = (terms: ReadonlySet<string>) => {
    if (asked.event.size === 0 && asked.counted.size === 0) return true;
    for (const t of asked.event) if (terms.has(t)) return true;
    for (const t of asked.counted) if (terms.has(t)) return true;
    return false;
  };
  const holds = new Map<string, boolean>();
  return (sentence) => {
    let known = holds.get(sentence);
    if (known === undefined) {
      known = namesEvent(sentenceTerms(sentence)) && holdsFact(asked, sentence, NO_ARTICLE_DATES, idf);
      holds.set(sentence, known);
    }
    return known;
  };
}

const sourceOf = (doc: DocumentRecord): SourceRef => ({
  documentId: doc.id,
  title: doc.title,
  outlet: doc.outlet,
  date: doc.date,
  url: doc.url,
});

/** '"Title" (Outlet, 27 Dec 2024)' with whatever is known. */
export function attribution(source: SourceRef): string {
  const details = [source.outlet, displayDate(source.date)].filter(Boolean).join(', ');
  return details ? `"${source.title}" (${details})` : `"${source.title}"`;
}

interface Scored {
  /** Admitted by the dense score alone: no sentence holds enough of the question's words. */
  byMeaning: boolean;
  hit: RetrievedChunk;
  chunk: ChunkRecord;
  excerpt: Excerpt;
  source: SourceRef;
  relevance: number;
}

/**
 * Re-chooses the quoted sentence of passages admitted by meaning: the one
 * whose vector is closest to the question's, its words counting too (one
 * embedding batch for all).
 */
async function quoteByMeaning(passages: Scored[], query: WeightedQuery, meaning: NonNullable<AnswerInputs['meaning']>): Promise<void> {
  if (passages.length === 0) return;
  const texts = passages.map((s) => s.chunk.sentences.map(([start, end]) => s.chunk.text.slice(start - s.chunk.start, end - s.chunk.start)));
  const vectors = await meaning.embed(texts.flat());
  let at = 0;
  for (const [i, s] of passages.entries()) {
    const similarity = texts[i]!.map(() => dot(vectors[at++]!, meaning.vector));
    if (similarity.length > 1) s.excerpt = chooseExcerpt(s.chunk, query, similarity, s.source.title);
  }
}

/** Cosine of two L2-normalised vectors. */
function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * Turns retrieved chunks into an answer: picks the quoted sentence(s) in each,
 * drops what fails the relevance gate, prefers one passage per article so
 * every source's version is shown, merges near-identical passages, and leads
 * with the best one. Refuses (no citations) when nothing passes.
 */
export async function buildAnswer(input: AnswerInputs, settings: AnswerSettings): Promise<Answer> {
  const query = weighQuery(input.question, input.idf, settings.statesFacts !== false);
  const scored: Scored[] = [];
  for (const hit of input.candidates) {
    const chunk = hit.chunk;
    const doc = input.documents.get(chunk.documentId);
    if (!doc) continue;
    const excerpt = chooseExcerpt(chunk, query, undefined, doc.title);
    const dense = hit.dense?.score ?? 0;
    // The passage both rankings put first needs a little less of the question's words: two searches agree on it.
    const agreed = !query.namesUnseen && hit.dense?.rank === 1 && hit.keyword?.rank === 1;
    const needed = query.namesUnseen ? Math.max(UNSEEN_NAME_COVERAGE, settings.minKeywordCoverage) : settings.minKeywordCoverage;
    const byKeywords = excerpt.coverage >= (agreed ? needed * AGREED_COVERAGE_SHARE : needed);
    const byMeaning = dense >= settings.minDenseScore;
    if (!byKeywords && !byMeaning) continue;
    scored.push({ byMeaning: !byKeywords, hit, chunk, excerpt, source: sourceOf(doc), relevance: byKeywords ? excerpt.coverage : dense });
  }
  if (scored.length === 0) return { question: input.question, answered: false, answer: NO_ANSWER, citations: [], facts: null };
  if (input.meaning) await quoteByMeaning(scored.filter((s) => s.byMeaning).slice(0, MEANING_PASSAGES), query, input.meaning);

  // Rank by how much of the question a passage covers (in steps, so small
  // differences don't override retrieval), then by fused retrieval rank.
  const rank = (s: Scored) => Math.round((s.relevance + (s.excerpt.typed ? TYPE_BONUS : 0)) * 10);
  scored.sort((a, b) => rank(b) - rank(a) || b.hit.score - a.hit.score);
  // One passage per article first, so each source's version is shown; then the rest.
  const seen = new Set<string>();
  const firsts = scored.filter((s) => !seen.has(s.source.documentId) && seen.add(s.source.documentId));
  const ordered = [...firsts, ...scored.filter((s) => !firsts.includes(s))];
  const merged = mergeDuplicates(ordered.map((s) => ({ excerpt: s.excerpt.text, source: s.source, scored: s })));

  // The fact each excerpt gives, tied to the asked event. For a fact
  // question, passages that give one are cited first (still one per article
  // first): the citations are the evidence for the stated fact.
  const question = query.fact ?? null;
  const bindings: (Bound | null)[] = [];
  // A second value an excerpt sets against its first ("…more than 3,000. The estimate from … is much lower — 1,100").
  const seconds: (Bound | null)[] = [];
  for (const { item } of merged) {
    if (!question) {
      bindings.push(null);
      seconds.push(null);
      continue;
    }
    // Read without the article first: only a date short of its year ("on Friday", "Dec. 26"), or a relative
    // one that reads as nothing without a reference ("earlier this month"), needs the article's date or the
    // dates in its text, which for an undated article means reading all of it.
    const plainClaims = claimsIn(question, item.excerpt, NO_ARTICLE_DATES, input.idf);
    const plain = plainClaims[0] ?? null;
    const needsArticle =
      question.kind === 'date' && (plain === null ? hasAnswerType(item.excerpt, 'date') : !/^\d{4}/.test(plain.mention.value));
    const dates = needsArticle ? await datesOfArticle(input.articles, item.source.documentId, item.source.date, hasBareWeekday(item.excerpt)) : null;
    // An article that gives nothing to count from reads the excerpt as it was read without it.
    const claims = dates && (dates.reference || dates.anchor) ? claimsIn(question, item.excerpt, dates, input.idf) : plainClaims;
    bindings.push(claims[0] ?? null);
    seconds.push(claims[1] ?? null);
  }
  // A value dated only by a report ("said on Friday that...") yields to values tied to the event itself when it contradicts them all.
  const strong = bindings.filter((b) => b && !b.weak).map((b) => b!.mention);
  // A value tied far less closely than the best one answers something else ("said on December 16" for a statement on Dec. 23).
  const best = Math.max(0, ...bindings.map((b) => b?.score ?? 0));
  // A question that names a figure of its own ("when did Zelensky say more than 3,000 were killed?") asks about the statement
  // holding that figure: when some excerpt restates it, values from excerpts that do not answer another statement.
  const restates = merged.map(({ item }) => question !== null && question.ownValues.size > 0 && numberMentions(item.excerpt).some((m) => question.ownValues.has(m.value)));
  const anyRestates = restates.some(Boolean);
  const kept = (b: Bound | null, i: number) =>
    !b ||
    b.score < best * RELATIVE_BINDING ||
    (anyRestates && !restates[i]) ||
    (b.weak && strong.length > 0 && !strong.some((m) => valuesAgree(question!.kind, m, b.mention)))
      ? null
      : b;
  const found = bindings.map((b, i) => kept(b, i)?.mention ?? null);
  const foundSeconds = seconds.map((b, i) => (found[i] ? kept(b, i) : null));
  const picked = merged.map((_, i) => i);
  // The most relevant passage stays first whatever it gives ("repeat report 3" for a question naming report 3).
  if (found.some(Boolean)) picked.sort((a, b) => Number(a !== 0) - Number(b !== 0) || Number(!found[a]) - Number(!found[b]) || a - b);
  const chosen = picked.slice(0, settings.topK);
  const groups = chosen.map((i) => merged[i]!);
  const bound = chosen.map((i) => found[i]!);
  const scores = chosen.map((i) => bindings[i]?.score ?? 0);
  const boundSeconds = chosen.map((i) => foundSeconds[i] ?? null);
  const claimsFor = (order: number[]): CitedClaim[] =>
    order.flatMap((g, i) => {
      const mention = bound[g];
      if (!mention) return [];
      const documentIds = groups[g]!.sources.map((s) => s.documentId);
      const second = boundSeconds[g];
      return [{ n: i + 1, documentIds, mention, score: scores[g]! }, ...(second ? [{ n: i + 1, documentIds, mention: second.mention, score: second.score, further: true }] : [])];
    });
  let order = groups.map((_, i) => i);
  let grouped = question ? groupFacts(question.kind, claimsFor(order)) : null;
  if (question && grouped) {
    // The quoted lead must hold the stated fact: put the first citation that gives the best-supported value first.
    const leadN = grouped.facts.values[0]!.citations[0]!;
    if (leadN !== 1) {
      order = [order[leadN - 1]!, ...order.filter((_, i) => i !== leadN - 1)];
      grouped = groupFacts(question.kind, claimsFor(order));
    }
  }

  const citations: Citation[] = order.map((g, i) => {
    const { item, sources } = groups[g]!;
    return {
      n: i + 1,
      ...item.source,
      excerpt: item.excerpt,
      score: Math.round(item.scored.relevance * 1000) / 1000,
      start: item.scored.excerpt.start,
      end: item.scored.excerpt.end,
      ...(sources.length > 1 ? { sources } : {}),
    };
  });

  if (grouped) {
    const statement = stateFacts(grouped.facts, grouped.counts, grouped.sources);
    return {
      question: input.question,
      answered: true,
      answer: statement.disagreement ? `${statement.fact}\n${statement.disagreement}` : statement.fact,
      citations,
      facts: grouped.facts,
      statement,
    };
  }
  const lead = citations[0]!;
  const others = new Set(citations.flatMap((c) => (c.sources ?? [c]).map((s) => s.documentId)));
  const more = others.size > 1 ? ` (${others.size} sources; compare what each says below.)` : '';
  return {
    question: input.question,
    answered: true,
    answer: `According to ${attribution(lead)}: “${lead.excerpt}”${more}`,
    citations,
    facts: null,
  };
}
