/** A deterministic source of numbers in [0, 1), so every benchmark run sees the same corpus and questions. */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough to pick sentences and questions. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n). */
export const pick = (random: Random, n: number): number => Math.floor(random() * n);

/** `k` distinct items of `items` in a seeded order (all of them when k >= length). */
export function sample<T>(items: readonly T[], k: number, random: Random): T[] {
  const copy = [...items];
  const n = Math.min(k, copy.length);
  for (let i = 0; i < n; i++) {
    const j = i + pick(random, copy.length - i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}
