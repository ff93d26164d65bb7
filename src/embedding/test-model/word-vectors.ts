import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** File names of a word-vector folder (see ../shared/datasets/word-vectors/README.md). */
export const WORD_VECTOR_FILES = {
  words: 'glove.6B.100d.top60k.words.txt',
  vectors: 'glove.6B.100d.top60k.f16',
} as const;

/** Real pre-trained word vectors, most frequent word first. */
export interface WordVectors {
  /** One word per row, in the file's order (rank 0 is the most frequent). */
  readonly words: readonly string[];
  readonly dimensions: number;
  /** Row-major [words × dimensions]. */
  readonly vectors: Float32Array;
}

/** A word-vector folder that is missing, unreadable or malformed; the message names the file and the problem. */
export class WordVectorsError extends Error {
  override readonly name = 'WordVectorsError';
}

/** IEEE 754 half precision to a JS number (Node 20 has no Float16Array). */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

async function readPart(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? ' (a word-vector folder holds the words list and the float16 vectors, e.g. ../shared/datasets/word-vectors)' : '';
    throw new WordVectorsError(`reading word vectors: ${file}: ${(error as Error).message}${hint}`, { cause: error });
  }
}

/**
 * Reads a folder of GloVe-style vectors: a words list (one a line, most
 * frequent first) and little-endian float16 rows in the same order. The
 * width is worked out from the sizes; sizes that do not divide, an empty or
 * repeated word, or a non-finite value are errors naming the file.
 */
export async function readWordVectors(dir: string): Promise<WordVectors> {
  const wordsFile = path.join(dir, WORD_VECTOR_FILES.words);
  const vectorsFile = path.join(dir, WORD_VECTOR_FILES.vectors);
  const [wordBytes, vectorBytes] = await Promise.all([readPart(wordsFile), readPart(vectorsFile)]);
  const lines = wordBytes.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new WordVectorsError(`reading word vectors: ${wordsFile} lists no words`);
  const seen = new Set<string>();
  lines.forEach((word, i) => {
    if (word === '' || /\s/.test(word)) throw new WordVectorsError(`reading word vectors: ${wordsFile} line ${i + 1}: expected one word, got ${JSON.stringify(word)}`);
    if (seen.has(word)) throw new WordVectorsError(`reading word vectors: ${wordsFile} line ${i + 1}: "${word}" is listed twice`);
    seen.add(word);
  });
  const values = vectorBytes.byteLength / 2;
  const dimensions = values / lines.length;
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new WordVectorsError(
      `reading word vectors: ${vectorsFile} holds ${vectorBytes.byteLength} bytes, which is not 2 bytes (float16) × ${lines.length} words × a whole number of dimensions`,
    );
  }
  const vectors = new Float32Array(values);
  for (let i = 0; i < values; i++) {
    const value = halfToFloat(vectorBytes.readUInt16LE(i * 2));
    if (!Number.isFinite(value)) {
      throw new WordVectorsError(`reading word vectors: ${vectorsFile}: row ${Math.floor(i / dimensions)} ("${lines[Math.floor(i / dimensions)]}") holds a value that is not a finite number`);
    }
    vectors[i] = value;
  }
  return { words: lines, dimensions, vectors };
}
