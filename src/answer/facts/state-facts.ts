import { dayLabelWithWeekday, parseDateValue } from './calendar.ts';
import { valuesAgree } from './compare-values.ts';
import type { Facts, FactValue } from './types.ts';

const refs = (v: FactValue) => v.citations.map((n) => `[${n}]`).join('');
const NOUN = { date: 'a date', number: 'a figure', place: 'a place', entity: 'a name' } as const;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Friday, 27 December 2024" for a full date; the value's own label otherwise. */
function spoken(facts: Facts, v: FactValue): string {
  if (facts.kind === 'date') {
    const d = parseDateValue(v.value);
    if (d && d.year !== null && d.month !== null && d.day !== null) return dayLabelWithWeekday({ year: d.year, month: d.month, day: d.day });
  }
  return v.label;
}

/**
 * How a value was worked out, when it was: ' (“three days later”, counted
 * from “captured on December 26”)' for a date, ' (“the agency”, that is
 * “South Korea’s National Intelligence Service”)' for a name the excerpt
 * gives earlier or later.
 */
function derivation(kind: Facts['kind'], v: FactValue): string {
  if (!v.resolvedFrom) return '';
  if (kind === 'entity' || kind === 'place') return ` (“${v.quote}”, that is “${v.resolvedFrom}”)`;
  return ` (“${v.quote}”, counted from ${v.resolvedFrom.startsWith('the article') ? v.resolvedFrom : `“${v.resolvedFrom}”`})`;
}

const sources = (n: number) => (n === 1 ? 'one source' : `${n} sources`);

/**
 * The fact line and, when sources contradict each other, the disagreement
 * line: "Friday, 27 December 2024, according to 3 of the 4 cited sources
 * that give a date [1][2][4]." / "Sources disagree: [3] says 29 December
 * (“three days later”, counted from “captured on December 26”)."
 * `counts[i]` is how many articles back `facts.values[i]`, `total` how
 * many give a value at all (`groupFacts`' `sources`: an article that
 * reports two values backs both, so it is not the counts' sum).
 * Every value stated is in a cited excerpt.
 */
export function stateFacts(facts: Facts, counts: readonly number[], total: number): { fact: string; disagreement: string | null } {
  const [lead, ...rest] = facts.values;
  if (!lead) return { fact: '', disagreement: null };
  const leadCount = counts[0] ?? 0;
  let fact: string;
  if (rest.length === 0) {
    fact =
      total > 1
        ? `${capitalise(spoken(facts, lead))}${derivation(facts.kind, lead)}: all ${total} cited sources that give ${NOUN[facts.kind]} agree ${refs(lead)}.`
        : `${capitalise(spoken(facts, lead))}${derivation(facts.kind, lead)}, according to ${refs(lead)}.`;
  } else {
    // Every source may back the lead and one of them give another value too ("…more than 3,000. The estimate … is much lower — 1,100").
    const share = leadCount === total ? `all ${total}` : `${leadCount} of the ${total}`;
    fact = `${capitalise(spoken(facts, lead))}${derivation(facts.kind, lead)}, according to ${share} cited sources that give ${NOUN[facts.kind]} ${refs(lead)}.`;
  }
  const compatible = rest.filter((v) => valuesAgree(facts.kind, v, lead) && facts.values.every((w) => valuesAgree(facts.kind, v, w)));
  const conflicting = rest.filter((v) => !compatible.includes(v));
  if (compatible.length > 0) {
    fact += ` Compatible with it: ${compatible.map((v) => `${refs(v)} ${v.label}${derivation(facts.kind, v)}`).join('; ')}.`;
  }
  if (facts.agree || conflicting.length === 0) return { fact, disagreement: null };
  const claims = conflicting.map((v, i) => {
    const count = counts[facts.values.indexOf(v)] ?? 1;
    // A source already heard giving another value ("…more than 3,000. The estimate from … is much lower — 1,100") "also" says this one.
    const earlier = facts.values.slice(0, facts.values.indexOf(v));
    const also = v.citations.every((n) => earlier.some((w) => w.citations.includes(n))) ? 'also ' : '';
    return `${i === 0 ? capitalise(sources(count)) : sources(count)} ${refs(v)} ${also}${count === 1 ? 'says' : 'say'} ${spoken(facts, v)}${derivation(facts.kind, v)}`;
  });
  return { fact, disagreement: `Sources disagree: ${claims.join('; ')}.` };
}
