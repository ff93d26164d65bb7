import { splitSentences } from '../src/chunking/split-sentences.ts';
import type { ChunkRecord } from '../src/records/index.ts';
import type { BenchDocument } from './bench-documents.ts';
import { pick, sample, type Random } from './seeded-random.ts';

const WORDS_PER_QUESTION = 12;

/**
 * Questions for timing, drawn from the corpus they are asked of: half are
 * headlines of the indexed news articles (how people phrase a topic), the
 * rest the first words of a random sentence of a random chunk. Seeded.
 */
export function benchQuestions(
  corpus: { documents: readonly BenchDocument[]; chunks: readonly ChunkRecord[] },
  count: number,
  random: Random,
): string[] {
  const titles = sample(
    corpus.documents.filter((d) => d.origin === 'news').map((d) => d.title),
    Math.floor(count / 2),
    random,
  );
  const questions = [...titles];
  while (questions.length < count) {
    const chunk = corpus.chunks[pick(random, corpus.chunks.length)]!;
    const sentences = splitSentences(chunk.text);
    const span = sentences[pick(random, sentences.length)];
    const words = span ? chunk.text.slice(span.start, span.end).split(/\s+/).slice(0, WORDS_PER_QUESTION).join(' ') : '';
    if (words.trim() !== '') questions.push(words);
  }
  return sample(questions, questions.length, random);
}
