import stem from 'wink-porter2-stemmer';
import { analyze, sentenceTerms } from '../../search/analyze-text.ts';
import { isEventVerb, withSynonyms, type FactQuestion } from './fact-question.ts';
import { numberMentions } from './number-mentions.ts';
import type { Mention } from './types.ts';

/** A mention and how well it is tied to what the question asks. */
export interface Bound {
  mention: Mention;
  score: number;
  /** Tied only through a reporting verb ("said on Friday that ..."): the day the news came, which may not be the event's. */
  weak: boolean;
  /** Offsets of the sentence of the text that holds the value. */
  sentence: Span;
}

/**
 * Below this a value is not tied to the question closely enough to be
 * stated: the answer then quotes without stating a fact.
 */
export const MIN_BINDING = 0.15;

const MONTH_WORDS = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*$/i;

export interface Span {
  start: number;
  end: number;
}

/** Sentence and clause spans of `text`; clauses of three words or fewer ("On Friday,") join the next one. */
function clauses(text: string): { sentences: Span[]; clauses: Span[] } {
  const sentences: Span[] = [];
  let from = 0;
  for (const m of text.matchAll(/[.!?]["”’)]*\s+(?=["“‘(]?[\p{Lu}\p{N}])/gu)) {
    sentences.push({ start: from, end: m.index + 1 });
    from = m.index + m[0].length;
  }
  sentences.push({ start: from, end: text.length });
  const out: Span[] = [];
  for (const s of sentences) {
    let start = s.start;
    const parts: Span[] = [];
    for (const m of text.slice(s.start, s.end).matchAll(/(?<!\d),|,(?!\d)|[;:()\u2014\u2013]|\s-\s/g)) {
      parts.push({ start, end: s.start + m.index });
      start = s.start + m.index + m[0].length;
    }
    parts.push({ start, end: s.end });
    for (let i = 0; i < parts.length; i++) {
      // Dates and figures don't count as words here: "On 28 February 2008," is an opening, not a clause.
      const words = (text.slice(parts[i]!.start, parts[i]!.end).match(/\p{L}{2,}/gu) ?? []).filter((w) => !MONTH_WORDS.test(w)).length;
      if (words <= 3 && i + 1 < parts.length) parts[i + 1] = { start: parts[i]!.start, end: parts[i + 1]!.end };
      else out.push(parts[i]!);
    }
  }
  return { sentences, clauses: out };
}

/** Stems of verbs that report rather than do: their date is when the news came, usually the day of the event. */
const REPORTING = new Set(['said', 'say', 'confirm', 'report', 'announc', 'state', 'told', 'ad', 'reveal', 'claim', 'cite']);

/** Irregular past forms and other verbs news text dates events with; regular ones end in -ed. */
const VERBS = new Set(
  'die dies died said says say took taken sent send began begun fell fallen won lost killed born held left made came went saw told gave given found built became ran met led paid put set fought hit broke broken wrote written spoke spoken chose chosen rose drove struck sold bought brought thought caught kept won began grew grown drew shot opened opens opened is was were are has had'.split(' '),
);
const looksLikeVerb = (word: string) => VERBS.has(word) || /^[a-z]{3,}ed$/.test(word);

/** The stem of the verb a value belongs to: the nearest verb before it in its clause, else the first after it. */
function governingVerb(text: string, clause: Span, mention: Mention): string | null {
  const before = text.slice(clause.start, mention.start).toLowerCase().match(/[a-z]+/g) ?? [];
  const after = text.slice(mention.end, clause.end).toLowerCase().match(/[a-z]+/g) ?? [];
  const auxiliary = /^(?:is|was|were|are|has|had)$/;
  const word = [...before].reverse().find((w) => looksLikeVerb(w) && !auxiliary.test(w)) ?? after.find((w) => looksLikeVerb(w) && !auxiliary.test(w));
  if (!word) return null;
  // Stemmed directly: analysis drops "said" as a stop word, and it is a verb that dates its own event.
  return stem(word);
}

/**
 * Whether the asked event is named earlier in the value's clause, with
 * another verb between them: "a soldier captured by the army died of his
 * wounds on Friday" dates the death, not the capture.
 */
function eventBeforeVerb(text: string, clause: Span, mention: Mention, event: Set<string>): boolean {
  const words = text.slice(clause.start, mention.start).toLowerCase().match(/[a-z]+/g) ?? [];
  const eventAt = words.findIndex((w) => event.has(stem(w)));
  if (eventAt < 0) return false;
  return words.slice(eventAt + 1).some((w) => looksLikeVerb(w) && !/^(?:is|was|were|are|has|had)$/.test(w) && !event.has(stem(w)));
}

/**
 * Whether a sentence tells of the asked event as done ("said on Friday that
 * the soldier has succumbed"), not as going on ("are treating these troops
 * as expendable, sending them on hopeless assaults," Kirby said Friday): the
 * day of a report dates only an event it reports as done.
 */
function reportsDoneEvent(sentence: string, event: ReadonlySet<string>): boolean {
  for (const word of sentence.toLowerCase().match(/[a-z]+/g) ?? []) if (!word.endsWith('ing') && event.has(stem(word))) return true;
  return false;
}

/**
 * Whether a clause is about a count of what the question names in the
 * singular ("more than 3,000 North Korean soldiers" for "the soldier"), and
 * names none of it in the singular.
 */
function aboutMany(clause: string, singular: ReadonlySet<string>): boolean {
  const counted: string[] = [];
  for (const figure of numberMentions(clause)) {
    if (Number(figure.value) < 2) continue;
    const next = clause.slice(figure.end).match(/^(?:\s+[\p{L}'’-]+){1,4}/u)?.[0].trim().split(/\s+/) ?? [];
    for (const w of next) if (/s$/i.test(w)) counted.push(...analyze(w).filter((t) => singular.has(t)));
  }
  // "Tesla did receive one of 38 possible bids in 1937": one of the many.
  if (counted.length === 0 || /\bone of\b/i.test(clause)) return false;
  // "The soldier, among 3,000 soldiers sent, died": the one is named too.
  const same = withSynonyms(counted);
  return !(clause.match(/[\p{L}'’-]+/gu) ?? []).some((w) => !/s$/i.test(w) && analyze(w).some((t) => same.has(t)));
}

const within = (spans: Span[], at: number) => spans.find((s) => at >= s.start && at < s.end) ?? spans[spans.length - 1]!;

/**
 * The mentions that answer the question, best first, each bound to the
 * asked event rather than being the first value in the sentence: in
 * "captured on December 26, succumbed to his wounds three days later",
 * "when did he die" is answered by the clause that holds "succumbed", not by
 * the first date. A mention scores for the question's event verb in its
 * clause, for the question's other words in its clause and sentence, and
 * (for "how many X") for X right after the figure. Values the question
 * itself states are never the answer; those tied less than
 * {@link MIN_BINDING} are left out.
 */
export function boundMentions(question: FactQuestion, text: string, mentions: readonly Mention[], idf: (term: string) => number): Bound[] {
  const all: Bound[] = [];
  scoreMentions(question, text, mentions, idf, (bound) => {
    if (bound.score >= MIN_BINDING) all.push(bound);
    return false;
  });
  // Stable: of equal scores, the first in the text leads.
  return all.sort((a, b) => b.score - a.score);
}

/**
 * A sentence that sets another figure or account against the one before it
 * ("The estimate from South Korean military brass is much lower — 1,100"):
 * excerpt choice quotes it with that one, and its value is a claim of its own.
 */
export const COMPETING_VALUE = /\b(?:estimat\w*|lower|higher|fewer|smaller|larger|however|contrast|instead|disput\w*|differ\w*|contradict\w*)\b/i;

/**
 * Whether `boundMentions` would find a value: stops at the first mention
 * tied closely enough, where `boundMentions` scores them all. Excerpt choice asks
 * this of every candidate sentence; scoring is most of its cost after chrono.
 */
export function holdsMention(question: FactQuestion, text: string, mentions: readonly Mention[], idf: (term: string) => number): boolean {
  let found = false;
  scoreMentions(question, text, mentions, idf, (bound) => (found = bound.score >= MIN_BINDING));
  return found;
}

/** Scores each mention that may answer the question, in order, handing each to `visit` until it returns true. */
function scoreMentions(
  question: FactQuestion,
  text: string,
  mentions: readonly Mention[],
  idf: (term: string) => number,
  visit: (bound: Bound) => boolean,
): void {
  if (mentions.length === 0) return;
  const { sentences, clauses: parts } = clauses(text);
  const weight = (t: string) => Math.max(0.1, idf(t));
  const total = question.words.reduce((sum, w) => sum + weight(w.term), 0) || 1;
  const ownText = question.own.toLowerCase();
  const passageTerms = sentenceTerms(text);
  const hasEvent = (terms: ReadonlySet<string>) => [...question.event].some((t) => terms.has(t));
  // Whether each clause is about a count of many (see aboutMany): values often share a clause.
  const many = new Map<Span, boolean>();
  for (const mention of mentions) {
    if (ownText.includes(mention.quote.toLowerCase()) || ownText.includes(mention.label.toLowerCase()) || question.ownValues.has(mention.value)) continue;
    const clause = within(parts, mention.start);
    const sentence = within(sentences, mention.start);
    // "Where did the soldier die?" is not answered by "3,000 soldiers have fallen in the Kursk region": that is about many.
    if (mention.kind !== 'number' && question.singular.size > 0 && (many.get(clause) ?? many.set(clause, aboutMany(text.slice(clause.start, clause.end), question.singular)).get(clause))) continue;
    const strip = (span: Span) => text.slice(span.start, mention.start) + ' ' + text.slice(mention.end, span.end);
    const clauseTerms = new Set(analyze(strip(clause)));
    const sentenceTerms = new Set(analyze(strip(sentence)));
    let score = 0;
    let weak = false;
    // The event verb that governs the value scores fully; the event named elsewhere in its clause, a little.
    const verb = governingVerb(text, clause, mention);
    // The sentence tells of the asked event, but this value belongs to another verb ("captured by the army, died on Friday"
    // for "when was he captured?"): it answers something else.
    const reporting = verb !== null && REPORTING.has(verb);
    if (mention.kind === 'date' && verb && !reporting && !question.event.has(verb) && eventBeforeVerb(text, clause, mention, question.event)) continue;
    // The passage names the asked event elsewhere, and this date or place belongs to another verb in another clause
    // ("...has died in custody. He was captured on December 26"; "captured … in Kursk, has succumbed"): it answers something else.
    if ((mention.kind === 'date' || mention.kind === 'place') && verb && !reporting && !question.event.has(verb) && isEventVerb(verb) && !hasEvent(clauseTerms) && hasEvent(passageTerms)) continue;
    // The day of a report dates only an event the sentence tells of as done, not one it tells of as going on.
    if (mention.kind === 'date' && reporting && question.event.size > 0 && !question.event.has(verb) && !reportsDoneEvent(text.slice(sentence.start, sentence.end), question.event)) continue;
    if (verb && question.event.has(verb)) score += 1.5;
    else if ([...question.event].some((t) => clauseTerms.has(t))) score += verb && !reporting ? 0.4 : 1;
    // "The NIS said on Friday that the soldier has succumbed": the report dates the event it tells of, closely enough.
    else if (reporting && [...question.event].some((t) => sentenceTerms.has(t))) {
      score += 0.8;
      weak = true;
    }
    if (mention.kind === 'entity' && /\bby\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, mention.start - 8), mention.start)) && verb && question.event.has(verb)) score += 1;
    const share = (terms: Set<string>) =>
      question.words.reduce((sum, w) => sum + ([...w.alike].some((x) => terms.has(x)) ? weight(w.term) : 0), 0) / total;
    score += share(clauseTerms) + 0.5 * share(sentenceTerms);
    // The words just before a value say most about it ("the capture of Montreal in 1760"), those just after a little.
    const nearBefore = new Set(analyze(text.slice(Math.max(clause.start - 20, mention.start - 60, 0), mention.start)).slice(-6));
    const nearAfter = new Set(analyze(text.slice(mention.end, mention.end + 50)).slice(0, 4));
    score += share(nearBefore) + 0.3 * share(nearAfter);
    if (mention.kind === 'number') {
      // What a figure counts follows it, before any punctuation ("11 points", "12 were captured"), or just precedes it ("tackles (118)").
      const following = analyze(text.slice(mention.end, mention.end + 40).split(/[,;:()\u2014\u2013]|\.\s/)[0]!).slice(0, 3);
      const preceding = analyze(text.slice(Math.max(clause.start, mention.start - 30), mention.start).split(/[,;:]/).pop()!).slice(-2);
      if (following.some((t) => question.counted.has(t))) score += 1.5;
      else if (preceding.some((t) => question.counted.has(t))) score += 1;
      if (following.slice(0, 2).some((t) => question.event.has(t))) score += 1.5;
      // "3,000 soldiers had been killed" counts the dead, not the troops asked about: another event follows the figure.
      const next = analyze(text.slice(mention.end, mention.end + 50).split(/[,;:()]|\.\s/)[0]!).slice(0, 5);
      if (next.some((t) => isEventVerb(t) && !question.terms.has(t))) score -= 0.5;
      // A share is not a count ("68,511 (43.3%)"), nor is a conversion in parentheses ("120 m (390 ft)").
      if (/percent|%/.test(mention.label) && !/\b(?:percent|percentage|share|proportion)\b|%/i.test(question.own)) score -= 1;
      if (/\(\s*$/.test(text.slice(Math.max(0, mention.start - 3), mention.start))) score -= 0.5;
    }
    // Nearer the question's words is better, a little: it breaks ties between values in one clause.
    score -= 0.001 * (mention.start - clause.start);
    if (visit({ mention, score, weak, sentence })) return;
  }
}
