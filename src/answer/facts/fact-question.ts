import stem from 'wink-porter2-stemmer';
import { analyze } from '../../search/analyze-text.ts';
import { dateMentions } from './date-mentions.ts';
import { numberMentions } from './number-mentions.ts';
import { asksForWhole, CASUALTY_STEMS } from './count-parts.ts';
import type { FactKind } from './types.ts';

/** A question that asks for a typed fact, with the words that name what it is about. */
export interface FactQuestion {
  kind: FactKind;
  /** The question asks for a year ("what year"), so dates are stated as years. */
  year: boolean;
  /** Stemmed content words of the question, each with the words that mean the same here ("die": succumb, death). */
  terms: Set<string>;
  /** The question's distinct stemmed words, each with the words that mean the same here: worked out once, read per sentence. */
  words: { term: string; alike: Set<string> }[];
  /** The stems of its main verbs with their synonyms: the event asked about ("die" in "when did the soldier die?"). */
  event: Set<string>;
  /** For "how many X": the stems of X with their synonyms. */
  counted: Set<string>;
  /** The question's own text. */
  own: string;
  /** Values the question states itself ("Were 3,000 killed?", "after his capture on Dec. 26"): never its answer. */
  ownValues: Set<string>;
  /** It asks for a whole casualty count ("casualties", "killed or wounded"): counts given in parts are added up. */
  whole: boolean;
  /** Stems, with synonyms, of the nouns it names in the singular ("the soldier"): it asks about one, not about a count of many. */
  singular: Set<string>;
}

/**
 * Words that stand for the same event or thing in news text. The stemmer
 * joins "died"/"dies", not "died"/"succumbed"/"death"; the generated
 * offline model knows no synonyms at all. Kept small and about events that
 * questions ask dates, numbers and places of.
 */
const SAME_MEANING: readonly (readonly string[])[] = [
  ['die', 'death', 'dead', 'succumb', 'kill', 'perish', 'fallen'],
  ['captur', 'prison', 'prisoner', 'custodi', 'seiz', 'caught', 'taken', 'surrend'],
  ['troop', 'soldier', 'forc', 'fighter', 'mercenari', 'personnel', 'men', 'armi'],
  ['wound', 'injur'],
  ['casualti', 'loss'],
  ['born', 'birth'],
  ['found', 'establish', 'creat', 'form'],
  ['sent', 'send', 'deploy', 'dispatch'],
  // Only the forms of "say": reporting verbs are too common to stand for one another in the relevance gate.
  ['said', 'say'],
  ['begin', 'began', 'start', 'launch', 'open'],
  ['end', 'finish', 'close', 'conclud'],
  ['build', 'built', 'construct', 'complet'],
];

/**
 * Words that stand for a whole whose parts have words of their own:
 * casualties are the killed and the wounded. A question that asks for the
 * whole is answered by either part; one that asks for a part ("how many
 * were killed?") is not answered by the other part ("1,000 wounded").
 */
const WHOLES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  CASUALTY_STEMS.whole.map((whole) => [whole, [...CASUALTY_STEMS.dead, ...CASUALTY_STEMS.hurt]]),
);

/** Verbs that carry no event of their own ("did", "was", "has"). */
const AUXILIARIES = new Set(['do', 'did', 'be', 'is', 'was', 'were', 'have', 'ha', 'had', 'will', 'would', 'can', 'could', 'get', 'go', 'happen', 'take', 'make']);

const KIND_PATTERNS: readonly [FactKind, RegExp][] = [
  ['date', /^(?:when|since when|until when)\b|\b(?:what|which) (?:year|date|day|month|decade|century)\b|\bin what year\b|\bon (?:what|which) (?:date|day)\b|\bwhat time\b/],
  ['number', /\bhow (?:many|much)\b|\bwhat (?:number|percentage|percent|share|proportion|amount)\b|\bhow (?:large|big|long|far|old|tall|high)\b/],
  ['place', /^where\b|\b(?:in|at|from|to) (?:what|which) (?:city|country|region|town|place|province|state|area|village|location)\b|\bwhat (?:city|country|region|town|place|province|state)\b/],
  ['entity', /^(?:who|whom|whose)\b|\b(?:which|what) (?:agency|organi[sz]ation|company|group|body|institution|unit|person|official|team|party|outlet|newspaper|government|ministry|service)\b/],
];

/**
 * Common verbs in their plain form: in "when did the soldier die?" the event
 * is a base form that no suffix gives away. Tagging the question with a
 * part-of-speech tagger (compromise) took ~11 ms per question here.
 */
const BASE_VERBS = new Set(
  ('die dies kill capture send deploy attack win lose sign start begin end open close build found establish create publish release ' +
    'return join leave resign elect invade launch announce say report confirm arrive reach move become occur take make give buy sell ' +
    'pay meet visit fall rise increase decrease born marry retire discover invent introduce adopt pass approve ban arrest free fire ' +
    'hire appoint name run lead hold cost earn spend receive grow destroy defeat surrender flee escape enter withdraw seize strike bomb ' +
    'shoot fight wound injure sink crash collapse erupt hit flood burn beat score play perform graduate study live move settle own ' +
    'control govern rule reign serve claim estimate count total number reopen ratify enact vote succumb perish').split(' '),
);

/** The words of a question that name its event: verbs by their ending, common verbs by name, and the word right after "who". */
function eventWords(q: string): string[] {
  const words = q.match(/[a-z]+(?:['’-][a-z]+)*/g) ?? [];
  return words.filter(
    (w, i) =>
      (w.length > 4 && /(?:ed|ing)$/.test(w) && !/^(?:during|thing|nothing|something|anything|everything|building|king|ring|spring|evening|morning|hundred|need)$/.test(w)) ||
      BASE_VERBS.has(w) ||
      (i > 0 && /^(?:who|whom)$/.test(words[i - 1]!) && /^[a-z]{3,}s$/.test(w)),
  );
}

/** Whether a verb stem names one of the events news dates ("captur", "die", "found"), as opposed to a verb of any kind ("held"). */
export const isEventVerb = (verbStem: string) => SAME_MEANING.some((group) => group.includes(verbStem));

/** Expands stems with their {@link SAME_MEANING} group, and a whole ({@link WHOLES}) with its parts. */
export function withSynonyms(stems: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const add = (s: string) => {
    out.add(s);
    for (const group of SAME_MEANING) if (group.includes(s)) for (const g of group) out.add(g);
  };
  for (const s of stems) {
    add(s);
    for (const part of WHOLES[s] ?? []) add(part);
  }
  return out;
}

/** The kind of fact a question asks for, by its wording alone (cheap: no extraction). */
export function askedKind(question: string): { kind: FactKind; year: boolean } | null {
  const q = question.toLowerCase().replace(/\s+/g, ' ').trim();
  const found = KIND_PATTERNS.find(([, pattern]) => pattern.test(q));
  if (!found) return null;
  return { kind: found[0], year: found[0] === 'date' && /\b(?:what|which) (?:year|decade|century)\b|\bin what year\b/.test(q) };
}

/**
 * What kind of fact a question asks for ("when" a date, "how many" a
 * number, "where" a place, "who" a person or organisation), or null for
 * questions the answer can only quote ("why", "what did ... say").
 */
export function factQuestion(question: string): FactQuestion | null {
  const asked = askedKind(question);
  if (!asked) return null;
  const { kind, year } = asked;
  const q = question.toLowerCase().replace(/\s+/g, ' ').trim();
  const event = withSynonyms(eventWords(q).map((w) => stem(w)).filter((t) => !AUXILIARIES.has(t)));
  const countedWords = /\bhow (?:many|much)\s+((?:[\p{L}'’-]+\s+){0,3}?[\p{L}'’-]+?)(?=\s+(?:are|is|were|was|has|have|had|did|do|does|will|would|can|could)\b|\s*[?.]|$)/iu.exec(question);
  const counted = withSynonyms(countedWords ? analyze(countedWords[1]!) : []);
  const ownValues = new Set([...numberMentions(question), ...dateMentions(question, { reference: null, anchor: null })].map((m) => m.value));
  const words = [...new Set(analyze(question))].map((term) => ({ term, alike: withSynonyms([term]) }));
  const whole = kind === 'number' && asksForWhole(words.map((w) => w.term));
  // "the soldier", "the North Korean soldier": the words after a determiner, those not in the plural.
  const afterDeterminer = [...q.matchAll(/\b(?:the|a|an|this|that)((?:\s+[a-z]+){1,3})/g)].flatMap((m) => m[1]!.trim().split(/\s+/));
  const singular = withSynonyms(afterDeterminer.filter((w) => !w.endsWith('s')).flatMap((w) => analyze(w)));
  return { kind, year, terms: withSynonyms(analyze(question)), words, event, counted, own: question, ownValues, whole, singular };
}
