import nlp from 'compromise';
import { analyze } from '../../search/analyze-text.ts';
import { dateMentions } from './date-mentions.ts';
import { numberMentions } from './number-mentions.ts';
import type { FactKind } from './types.ts';

/** A question that asks for a typed fact, with the words that name what it is about. */
export interface FactQuestion {
  kind: FactKind;
  /** The question asks for a year ("what year"), so dates are stated as years. */
  year: boolean;
  /** Stemmed content words of the question, each with the words that mean the same here ("die": succumb, death). */
  terms: Set<string>;
  /** The stems of its main verbs with their synonyms: the event asked about ("die" in "when did the soldier die?"). */
  event: Set<string>;
  /** For "how many X": the stems of X with their synonyms. */
  counted: Set<string>;
  /** The question's own text. */
  own: string;
  /** Values the question states itself ("Were 3,000 killed?", "after his capture on Dec. 26"): never its answer. */
  ownValues: Set<string>;
}

/**
 * Words that stand for the same event or thing in news text. The stemmer
 * joins "died"/"dies", not "died"/"succumbed"/"death"; the generated
 * offline model knows no synonyms at all. Kept small and about events that
 * questions ask dates, numbers and places of.
 */
const SAME_MEANING: readonly (readonly string[])[] = [
  ['die', 'death', 'dead', 'succumb', 'pass', 'kill', 'perish', 'fallen'],
  ['captur', 'prison', 'prisoner', 'custodi', 'seiz', 'caught', 'taken', 'surrend'],
  ['troop', 'soldier', 'forc', 'fighter', 'mercenari', 'personnel', 'men'],
  ['casualti', 'kill', 'wound', 'injur', 'loss', 'dead'],
  ['born', 'birth'],
  ['found', 'establish', 'creat', 'form'],
  ['sent', 'send', 'deploy', 'dispatch'],
  ['confirm', 'said', 'say', 'report', 'announc', 'state'],
  ['begin', 'began', 'start', 'launch', 'open'],
  ['end', 'finish', 'close', 'conclud'],
  ['build', 'built', 'construct', 'complet'],
];

/** Verbs that carry no event of their own ("did", "was", "has"). */
const AUXILIARIES = new Set(['do', 'did', 'be', 'is', 'was', 'were', 'have', 'ha', 'had', 'will', 'would', 'can', 'could', 'get', 'go', 'happen', 'take', 'make']);

const KIND_PATTERNS: readonly [FactKind, RegExp][] = [
  ['date', /^(?:when|since when|until when)\b|\b(?:what|which) (?:year|date|day|month|decade|century)\b|\bin what year\b|\bon (?:what|which) (?:date|day)\b|\bwhat time\b/],
  ['number', /\bhow (?:many|much)\b|\bwhat (?:number|percentage|percent|share|proportion|amount)\b|\bhow (?:large|big|long|far|old|tall|high)\b/],
  ['place', /^where\b|\b(?:in|at|from|to) (?:what|which) (?:city|country|region|town|place|province|state|area|village|location)\b|\bwhat (?:city|country|region|town|place|province|state)\b/],
  ['entity', /^(?:who|whom|whose)\b|\b(?:which|what) (?:agency|organi[sz]ation|company|group|body|institution|unit|person|official|team|party|outlet|newspaper|government|ministry|service)\b/],
];

/** Expands stems with their {@link SAME_MEANING} group. */
export function withSynonyms(stems: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const s of stems) {
    out.add(s);
    for (const group of SAME_MEANING) if (group.includes(s)) for (const g of group) out.add(g);
  }
  return out;
}

/**
 * What kind of fact a question asks for ("when" a date, "how many" a
 * number, "where" a place, "who" a person or organisation), or null for
 * questions the answer can only quote ("why", "what did ... say").
 */
export function factQuestion(question: string): FactQuestion | null {
  const q = question.toLowerCase().replace(/\s+/g, ' ').trim();
  const found = KIND_PATTERNS.find(([, pattern]) => pattern.test(q));
  if (!found) return null;
  const kind = found[0];
  const year = kind === 'date' && /\b(?:what|which) (?:year|decade|century)\b|\bin what year\b/.test(q);
  let verbs: string[] = [];
  try {
    verbs = nlp(question).verbs().toInfinitive().out('array') as string[];
  } catch {
    verbs = [];
  }
  const event = withSynonyms(verbs.flatMap((v) => analyze(v)).filter((t) => !AUXILIARIES.has(t)));
  const countedWords = /\bhow (?:many|much)\s+((?:[\p{L}'’-]+\s+){0,3}?[\p{L}'’-]+?)(?=\s+(?:are|is|were|was|has|have|had|did|do|does|will|would|can|could)\b|\s*[?.]|$)/iu.exec(question);
  const counted = withSynonyms(countedWords ? analyze(countedWords[1]!) : []);
  const ownValues = new Set([...numberMentions(question), ...dateMentions(question, { reference: null, anchor: null })].map((m) => m.value));
  return { kind, year, terms: withSynonyms(analyze(question)), event, counted, own: question, ownValues };
}
