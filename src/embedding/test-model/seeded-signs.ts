/**
 * Deterministic pseudo-random ±1 vectors keyed by a string. Random sign
 * vectors of width d are nearly orthogonal (cosine about ±1/√d), which is all
 * a bag-of-words embedding needs. Only 32-bit integer arithmetic is used, so
 * the output is the same on every platform and Node version.
 */

/** cyrb128: a 128-bit string hash, so 60,000 keys do not collide (a 32-bit hash would, likely). */
function hash128(key: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32, a small fast PRNG with a 128-bit state, seeded from the hash. */
function sfc32([a, b, c, d]: [number, number, number, number]): () => number {
  return () => {
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/**
 * Adds the ±1 sign vector for `key` (times `coefficient`) into `target`,
 * so several keyed components can be summed into one integer vector.
 */
export function addSignVector(target: Int8Array, key: string, coefficient: number): void {
  const next = sfc32(hash128(key));
  for (let start = 0; start < target.length; start += 32) {
    let bits = next();
    const end = Math.min(start + 32, target.length);
    for (let i = start; i < end; i++, bits >>>= 1) {
      target[i] = target[i]! + ((bits & 1) === 1 ? coefficient : -coefficient);
    }
  }
}
