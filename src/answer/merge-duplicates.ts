import type { SourceRef } from './types.ts';

/** Word 3-shingles of normalised text. */
function shingles(text: string): Set<string> {
  const words = text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  if (words.length < 3) out.add(words.join(' '));
  for (let i = 0; i + 2 < words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return out;
}

/** Two excerpts say the same thing when most of the shorter one's word triples appear in the other. */
export const NEAR_DUPLICATE = 0.7;

export function similarity(a: string, b: string): number {
  const sa = shingles(a);
  const sb = shingles(b);
  const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / small.size;
}

export interface Mergeable {
  excerpt: string;
  source: SourceRef;
}

/**
 * Groups near-identical excerpts (wire copy repeated by several outlets) so a
 * passage is cited once with every source that carries it. Keeps order: a
 * group sits where its best member was.
 */
export function mergeDuplicates<T extends Mergeable>(items: readonly T[]): Array<{ item: T; sources: SourceRef[] }> {
  const groups: Array<{ item: T; sources: SourceRef[] }> = [];
  for (const item of items) {
    const group = groups.find((g) => similarity(g.item.excerpt, item.excerpt) >= NEAR_DUPLICATE);
    if (!group) groups.push({ item, sources: [item.source] });
    else if (!group.sources.some((s) => s.documentId === item.source.documentId)) group.sources.push(item.source);
  }
  return groups;
}
