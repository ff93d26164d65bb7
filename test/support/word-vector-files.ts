import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WORD_VECTOR_FILES } from '../../src/embedding/test-model/word-vectors.ts';

/** Width of the synthetic vectors. */
export const SYNTHETIC_WIDTH = 8;
/** Every synthetic word shares this offset: the "common component" SIF must remove. */
export const SYNTHETIC_COMMON = [0, 0, 0, 0, 0, 0, 0, 6];

/**
 * A tiny word-vector folder in the real format: frequent function words first
 * (so SIF weighs them down), then three topics whose words share a direction.
 */
export const SYNTHETIC_WORDS: [string, number[]][] = [
  ['the', [0, 0, 0, 0.5, 0.4, 0, 0, 0]],
  ['of', [0, 0, 0, -0.4, 0.5, 0, 0, 0]],
  ['were', [0, 0, 0, 0.3, -0.5, 0.2, 0, 0]],
  ['what', [0, 0, 0, -0.2, 0, 0.5, 0, 0]],
  ['fake', [2, 0.2, 0, 0, 0, 0, 0.3, 0]],
  ['false', [1.9, 0, 0.2, 0, 0, 0, -0.2, 0]],
  ['documents', [1.6, 0.1, 0.1, 0, 0, 0, 0.4, 0]],
  ['papers', [1.7, 0, 0, 0, 0, 0, 0.5, 0]],
  ['bread', [0, 2, 0.1, 0, 0, 0, 0, 0]],
  ['bake', [0.1, 1.8, 0, 0, 0, 0, 0.2, 0]],
  ['died', [0, 0, 2, 0, 0, 0, 0.1, 0]],
  ['wounds', [0.1, 0, 1.9, 0, 0, 0, -0.3, 0]],
];

function halfBits(value: number): number {
  // Exact for the values above at float16 precision (sign, 5-bit exponent, 10-bit fraction).
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  const bits = view.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  if ((bits & 0x7fffffff) === 0) return sign;
  return sign | (exponent << 10) | ((bits >>> 13) & 0x3ff);
}

/** Writes `words` (plus the shared offset) as a word-vector folder in the real file format. */
export async function writeSyntheticWordVectors(dir: string, words: [string, number[]][] = SYNTHETIC_WORDS): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, WORD_VECTOR_FILES.words), `${words.map(([w]) => w).join('\n')}\n`);
  const bytes = Buffer.alloc(words.length * SYNTHETIC_WIDTH * 2);
  words.forEach(([, vector], row) => vector.forEach((v, i) => bytes.writeUInt16LE(halfBits(v + SYNTHETIC_COMMON[i]!), (row * SYNTHETIC_WIDTH + i) * 2)));
  await writeFile(path.join(dir, WORD_VECTOR_FILES.vectors), bytes);
}

