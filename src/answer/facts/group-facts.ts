import { parseDateValue } from './calendar.ts';
import { isAcronymOf, sameValue, valuesAgree } from './compare-values.ts';
import type { FactKind, Facts, FactValue, Mention } from './types.ts';

/** What one citation says: its number, the articles behind it, and the value its excerpt gives. */
export interface CitedClaim {
  n: number;
  documentIds: readonly string[];
  mention: Mention;
  /** How closely the value is tied to the asked event: an article cited twice votes with its closer claim. */
  score?: number;
  /**
   * A further value the same excerpt sets against its first ("the estimate
   * from … is much lower — 1,100"): the article reports both, so it votes
   * for this one too.
   */
  further?: boolean;
}

/** The order articles vote in: closest-tied claims first, then by citation number; further claims after every first one. */
const votingOrder = (claims: readonly CitedClaim[]) =>
  [...claims].sort((a, b) => Number(a.further ?? false) - Number(b.further ?? false) || (b.score ?? 0) - (a.score ?? 0) || a.n - b.n);

interface Group extends FactValue {
  articles: Set<string>;
}

/** The more precise of two equal dates: "2024-12-27" over "--12-27". */
const precision = (kind: FactKind, value: string) => {
  if (kind !== 'date') return 0;
  const d = parseDateValue(value);
  return d ? (d.year !== null ? 1 : 0) + (d.month !== null ? 1 : 0) + (d.day !== null ? 1 : 0) : 0;
};

/**
 * Groups the values cited excerpts give into what the sources claim: one
 * vote per article (a citation merged from several articles votes for each;
 * an article cited twice votes once, with its closest-tied claim), equal claims
 * together, best-supported first (most articles making the same claim, then
 * most articles whose claim is compatible with it, then the earliest
 * citation). `agree` is false when two claims cannot both be true.
 * `counts[i]` is how many articles back `facts.values[i]`; `sources` how
 * many articles give a value at all (an article reporting two values backs
 * both).
 */
export function groupFacts(kind: FactKind, claims: readonly CitedClaim[]): { facts: Facts; counts: number[]; sources: number } | null {
  const voted = new Set<string>();
  const groups: Group[] = [];
  for (const claim of votingOrder(claims)) {
    const voters = claim.further ? claim.documentIds : claim.documentIds.filter((d) => !voted.has(d));
    if (voters.length === 0) continue;
    for (const v of voters) voted.add(v);
    const m = claim.mention;
    const group = groups.find((g) => sameValue(kind, g, m));
    if (group) {
      for (const v of voters) group.articles.add(v);
      if (!group.citations.includes(claim.n)) group.citations.push(claim.n);
      if (precision(kind, m.value) > precision(kind, group.value)) Object.assign(group, { value: m.value, label: m.label, quote: m.quote, resolvedFrom: m.resolvedFrom });
      // One organisation named both ways is shown as "National Intelligence Service (NIS)" and compared by its acronym.
      else if (kind === 'entity' && isAcronymOf(m.value, group.value)) Object.assign(group, { value: m.value, label: `${group.label} (${m.value})` });
      else if (kind === 'entity' && isAcronymOf(group.value, m.value)) group.label = `${m.label} (${group.value})`;
    } else {
      groups.push({
        value: m.value,
        label: m.label,
        qualifier: m.qualifier,
        ...(m.upper !== undefined ? { upper: m.upper } : {}),
        citations: [claim.n],
        quote: m.quote,
        resolvedFrom: m.resolvedFrom,
        articles: new Set(voters),
      });
    }
  }
  if (groups.length === 0) return null;
  const support = (g: Group) => groups.reduce((sum, other) => sum + (valuesAgree(kind, g, other) ? other.articles.size : 0), 0);
  groups.sort((a, b) => b.articles.size - a.articles.size || support(b) - support(a) || a.citations[0]! - b.citations[0]!);
  const agree = groups.every((a) => groups.every((b) => valuesAgree(kind, a, b)));
  return {
    facts: {
      kind,
      agree,
      values: groups.map(({ articles: _articles, ...value }) => ({ ...value, citations: [...value.citations].sort((a, b) => a - b) })),
    },
    counts: groups.map((g) => g.articles.size),
    sources: voted.size,
  };
}
