import { seededRandom, type Random } from './seeded-random.ts';

/**
 * Clustered Gaussian vectors for the PostgreSQL bench's recall measure
 * (`--vectors clustered`), standing in for a real embedding model's vectors,
 * which this machine cannot download. The generated test model's vectors are
 * word counts with many near-equal distances, harder for HNSW than a real
 * model's; uniform random vectors are harder still (nothing is near anything
 * in 384 dimensions). Real sentence embeddings sit in topical clusters: a
 * passage has a few close neighbours and many far ones.
 *
 * Recipe (what the README names): `size / PASSAGES_PER_CLUSTER` centres drawn
 * uniformly on the unit sphere; each passage is a centre chosen uniformly
 * plus isotropic Gaussian noise of expected norm {@link NOISE_NORM}, then
 * normalised (cosine between two passages of one cluster ≈ 0.74, of two
 * clusters ≈ 0); each question is a centre plus the same noise, so its
 * nearest passages are its cluster's but no passage is its copy.
 */
export const PASSAGES_PER_CLUSTER = 100;
export const NOISE_NORM = 0.6;

/** A standard normal deviate (Box-Muller). */
function gaussian(random: Random): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/** `size` passage vectors and `questions` question vectors of `dimensions`, by the recipe above, from `seed`. */
export function clusteredVectors(size: number, questions: number, dimensions: number, seed: number): { passages: Float32Array; questions: Float32Array[] } {
  const random = seededRandom(seed);
  const clusters = Math.max(1, Math.round(size / PASSAGES_PER_CLUSTER));
  const centres = Array.from({ length: clusters }, () => normalise(Float32Array.from({ length: dimensions }, () => gaussian(random))));
  const sigma = NOISE_NORM / Math.sqrt(dimensions);
  const near = (out: Float32Array) => {
    const centre = centres[Math.floor(random() * clusters)]!;
    for (let d = 0; d < dimensions; d++) out[d] = centre[d]! + sigma * gaussian(random);
    return normalise(out);
  };
  const passages = new Float32Array(size * dimensions);
  for (let row = 0; row < size; row++) near(passages.subarray(row * dimensions, (row + 1) * dimensions));
  return { passages, questions: Array.from({ length: questions }, () => near(new Float32Array(dimensions))) };
}
