import { MONTHS } from '../display-date.ts';
import { WEEKDAYS } from './calendar.ts';
import type { Mention } from './types.ts';

const CAP = "\\p{Lu}[\\p{L}\\p{M}'’.-]*";
/**
 * A capitalised name of up to five words, "of"/"and"/"the" allowed inside:
 * "Kursk", "National Intelligence Service", "Bank of England". A word that
 * ends a sentence ("…in America. Milestones…") ends the name; a short
 * abbreviation ("St. Louis", "U.S. Army") does not.
 */
const NAME = `${CAP}(?:(?<!\\p{L}{4}\\.)\\s+(?:(?:of|and|the|de|al)\\s+)?${CAP}){0,4}`;
const NOT_NAMES = new Set([...MONTHS, ...MONTHS.map((m) => m.slice(0, 3)), 'Sept', ...WEEKDAYS, 'Published', 'Updated', 'Photo', 'The', 'A', 'An', 'He', 'She', 'It', 'They', 'We', 'I', 'This', 'That', 'These', 'Those', 'His', 'Her', 'Its', 'Their']);
/** Words that name the kind of place after its name ("the Kursk region"): dropped from the canonical name. */
const PLACE_KINDS = /\s+(?:region|province|oblast|city|county|state|district|area|territory|village|town|border|front)$/i;
/** Prepositions after which a name is where something happened ("in the Kursk region"), never who did it. */
const WHERE = /\b(?:in|near|inside|outside|across|throughout|within)\s+(?:the\s+)?$/i;
const LOCATIVE = /(?<!according )\b(?:in|at|near|from|inside|outside|into|across|throughout|within|to)\s+(?:the\s+)?$/i;

/** A weekday or month right after a place ("arrested Monday in Pennsylvania Monday" reads "Pennsylvania Monday"): not part of it. */
const TRAILING_DAY = new RegExp(`(?:\\s+(?:${[...WEEKDAYS, ...MONTHS].join('|')}))+$`);

/** "Russia’s Kursk region" -> "Kursk"; "the Kursk region" -> "Kursk". */
export function canonicalPlace(name: string): string {
  return name
    .replace(TRAILING_DAY, '')
    .replace(/^(?:the)\s+/i, '')
    .replace(/^\p{Lu}[\p{L}-]*['’]s\s+(?=\p{Lu})/u, '')
    .replace(PLACE_KINDS, '')
    .replace(/['’]s$/, '')
    .trim();
}

const denied = (before: string) => /\bnot\s+(?:(?:in|at|near|from|inside|into|to)\s+)?(?:the\s+)?$/i.test(before);

/**
 * Places named after a locative preposition ("in Kursk", "in the Kursk
 * region", "in Russia’s Kursk region"). A place the text denies ("in
 * Ukraine and not in Russia’s Kursk region") is not a value: it is listed
 * in `against` of the place claimed beside it.
 */
export function placeMentions(text: string): Mention[] {
  const out: Mention[] = [];
  const pattern = new RegExp(`(${NAME})(?:['’]s\\s+(${NAME}))?(\\s+(?:region|province|oblast|city|county|state|district|area|territory))?`, 'gu');
  const deniedNames: { name: string; at: number }[] = [];
  for (const m of text.matchAll(pattern)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (!LOCATIVE.test(before)) continue;
    const full = m[0].replace(/[.,;:]+$/, '');
    const name = canonicalPlace(full);
    if (!name || NOT_NAMES.has(name)) continue;
    if (denied(before)) {
      deniedNames.push({ name, at: m.index });
      continue;
    }
    out.push({ kind: 'place', value: name, label: name, qualifier: null, quote: full, resolvedFrom: null, start: m.index, end: m.index + full.length });
  }
  // A denial belongs to the claim made in the same breath, just before it.
  for (const d of deniedNames) {
    const claim = [...out].reverse().find((p) => p.start < d.at && d.at - p.end < 60);
    if (claim) claim.against = [...(claim.against ?? []), d.name];
  }
  return out;
}

/** "by far", "by design", "by fewer than ninety votes", "by 3%": no agent. */
const NOT_AGENT =
  /^(?:the\s+)?(?:(?:way|far|then|now|contrast|comparison|design|default|fewer|more|less|about|around|nearly|almost|roughly|some|over|up|only|just|much|half|one|two|three|four|five|six|seven|eight|nine|ten|a\s+(?:margin|factor|wide|narrow|landslide|majority))\b|\d)/i;

/** Words that end a "by ..." agent phrase. */
const PHRASE_END =
  /\s+(?:in|on|at|while|during|for|with|as|after|before|and|who|which|that|to|from|near|when|since|into|was|were|is|are|has|have|had|took|said|says|died|dies|\p{Ll}+ed)\b|[,.;:!?()“”"]/u;

/**
 * People and organisations: capitalised names ("National Intelligence
 * Service", "Zelensky") and the agent of a passive verb ("captured by
 * Ukrainian special operations troops"), which news text often leaves in
 * lower case.
 */
export function entityMentions(text: string): Mention[] {
  const out: Mention[] = [];
  const push = (phrase: string, at: number) => {
    const label = phrase.replace(/^(?:the|a|an)\s+/i, '').replace(/['’]s$/, '').trim();
    if (!label || NOT_NAMES.has(label) || label.length > 80) return;
    // A nationality alone ("South Korean", "Ukrainian") describes; it names no one. Nor does a community ("the first Black gay representatives").
    if (/^(?:(?:North|South|East|West)\s+)?\p{Lu}\p{Ll}+(?:an|ese|ish|ian)$/u.test(label)) return;
    if (DESCRIPTORS.test(label)) return;
    if (out.some((o) => at < o.end && at + phrase.length > o.start)) return;
    out.push({ kind: 'entity', value: label, label, qualifier: null, quote: phrase.trim(), resolvedFrom: null, start: at, end: at + phrase.length });
  };
  for (const m of text.matchAll(/\bby\s+((?:the\s+)?[\p{L}\p{M}'’-]+(?:\s+[\p{L}\p{M}'’-]+){0,5})/gu)) {
    const phrase = m[1]!.split(PHRASE_END)[0]!;
    if (phrase.split(/\s+/).length >= 1 && !NOT_AGENT.test(phrase)) {
      push(phrase, m.index + m[0].indexOf(m[1]!));
    }
  }
  for (const m of text.matchAll(new RegExp(NAME, 'gu'))) {
    // "captured on December 26 in the Kursk region": a name where something happened is a place, not who did it
    // ("served in the U.S. Army" names an organisation, which it is said to be in).
    if (WHERE.test(text.slice(Math.max(0, m.index - 30), m.index)) && !ORGANISATION_WORD.test(m[0])) continue;
    // The first word of a sentence is capitalised anyway: only names of two or more words count there.
    const sentenceStart = m.index === 0 || /[.!?]["”’]?\s+$|^\s*$|[“"]$/.test(text.slice(Math.max(0, m.index - 3), m.index));
    const words = m[0].split(/\s+/);
    if (sentenceStart && words.length < 2) continue;
    // "The National Intelligence Service": drop a leading word that names nothing.
    const lead = NOT_NAMES.has(words[0]!) && words.length > 1 ? /^\S+\s+/.exec(m[0])![0].length : 0;
    push(m[0].slice(lead).replace(/[.,;:]+$/, ''), m.index + lead);
  }
  const named = out.map(organisationName);
  out.forEach((mention, i) => Object.assign(mention, named[i]));
  out.push(...describedOrganisations(text, out));
  return out.sort((a, b) => a.start - b.start);
}

/** Words that describe a community, capitalised but naming no one. */
const DESCRIPTORS = /^(?:Black|White|Asian|Hispanic|Latino|Latina|Latinx|Indigenous|Catholic|Protestant|Muslim|Jewish|Christian|Hindu|Buddhist|Sikh|Gay|Lesbian|Transgender|LGBTQ\+?)$/;

/** Words that end the name of an organisation rather than a person: "National Intelligence *Service*". */
const ORGANISATION_WORD =
  /\b(?:Agency|Service|Ministry|Office|Council|Committee|Commission|Army|Forces|Navy|Guard|Command|Bank|Company|Corporation|Inc|Corp|Group|Party|Union|Court|Department|Institute|University|Association|Administration|Authority|Police|Network|News|Times|Post)\b/u;
const ACRONYM = /^\p{Lu}{2,6}$/u;
const initials = (name: string) => (name.match(/\p{Lu}[\p{L}'’-]*/gu) ?? []).map((w) => w[0]).join('');

/**
 * An organisation's canonical name: without the country that owns it
 * ("South Korea’s National Intelligence Service" is the "National
 * Intelligence Service"), and by its acronym when the text gives one
 * beside it ("National Intelligence Service (NIS)": value "NIS"), so that
 * sources naming it either way are seen to say the same.
 */
function organisationName(mention: Mention): Pick<Mention, 'value' | 'label'> {
  const own = /^\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)?['’]s\s+(?=\p{Lu})/u.exec(mention.value);
  const name = own && ORGANISATION_WORD.test(mention.value) ? mention.value.slice(own[0].length) : mention.value;
  return { value: name, label: name };
}

/**
 * The lower-case nouns news text uses for an organisation it named before
 * ("the agency", "the ministry"): the fact reader resolves them here, and
 * excerpt choice quotes a sentence that opens with one together with the
 * sentence before it, which names the organisation.
 */
export const ORGANISATION_NOUNS =
  'agency|service|ministry|company|government|organi[sz]ation|firm|group|department|military|army|police|court|council|committee|office|party|bank|newspaper|broadcaster|commission|administration';

/** A lower-case description of an organisation ("the agency", "the South Korean spy agency"): who it is, the text said before. */
const DESCRIPTION = new RegExp(`\\b[Tt]he\\s+((?:[\\p{L}-]+\\s+){0,3}?)(?:${ORGANISATION_NOUNS})\\b(?!\\s+\\p{Lu})`, 'gu');

/**
 * The organisations described rather than named, each resolved to the
 * organisation the same excerpt names: the nearest one before it, else the
 * first after it ("The South Korean spy agency confirmed the death … ,"
 * said the NIS). Only names that read as organisations (an acronym, or a
 * name ending "Service", "Ministry", …) are taken: "the agency" is not
 * "Zelensky". The value is the organisation's; the quote is the
 * description, where the sentence says what it did; `resolvedFrom` is the
 * name it was resolved to.
 */
function describedOrganisations(text: string, names: readonly Mention[]): Mention[] {
  const organisations = names.filter((n) => ACRONYM.test(n.value) || ORGANISATION_WORD.test(n.value));
  if (organisations.length === 0) return [];
  const out: Mention[] = [];
  for (const m of text.matchAll(DESCRIPTION)) {
    const start = m.index;
    const end = start + m[0].length;
    if (names.some((n) => start < n.end && end > n.start)) continue;
    const before = organisations.filter((n) => n.end <= start).pop();
    const antecedent = before ?? organisations.find((n) => n.start >= end);
    if (!antecedent) continue;
    // "The agency" is the Service of the text; a named acronym stands for it when the text spells it out.
    const acronym = organisations.find((n) => ACRONYM.test(n.value) && initials(antecedent.value) === n.value);
    const value = acronym?.value ?? antecedent.value;
    out.push({ kind: 'entity', value, label: antecedent.label, qualifier: null, quote: m[0], resolvedFrom: antecedent.quote, start, end });
  }
  return out;
}
