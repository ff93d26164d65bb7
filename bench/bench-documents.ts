import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { splitSentences } from '../src/chunking/split-sentences.ts';
import { loadWordFrequencies } from '../src/embedding/test-model/word-frequencies.ts';
import { distinctArticles, readJsonLines, searchLine, type SearchLine } from './realtimeqa.ts';
import { pick, seededRandom, type Random } from './seeded-random.ts';

/** A document of the benchmark corpus. */
export interface BenchDocument {
  id: string;
  title: string;
  text: string;
  /** news: a real article; remixed: real sentences in a new order; synthetic: generated words. */
  origin: 'news' | 'remixed' | 'synthetic';
}

/**
 * The news articles of `realtimeqa-news/` (weekly `*_gcs.jsonl` files), each
 * once (the same article recurs across weeks), in file order. Null when the
 * folder is absent.
 */
export async function readNewsDocuments(datasetsDir: string): Promise<BenchDocument[] | null> {
  const dir = path.join(datasetsDir, 'realtimeqa-news');
  if (!existsSync(dir)) return null;
  const files = (await readdir(dir)).filter((f) => /_gcs\.jsonl$/.test(f)).sort();
  const lists: SearchLine['search_result'][] = [];
  for (const file of files) for (const line of await readJsonLines(path.join(dir, file), searchLine)) lists.push(line.search_result);
  const documents = distinctArticles(lists).map(
    (a, i): BenchDocument => ({ id: `news/${String(i).padStart(5, '0')}`, title: a.title, text: a.text, origin: 'news' }),
  );
  return documents.length > 0 ? documents : null;
}

/**
 * Endless new documents made of the real articles' sentences in a seeded
 * random order: realistic words and sentence lengths when more chunks are
 * needed than the real articles give. Each copies the paragraph and sentence
 * counts of a real article.
 */
export function* remixDocuments(base: readonly BenchDocument[], random: Random): Generator<BenchDocument> {
  const sentences = base.flatMap((doc) => splitSentences(doc.text).map((s) => doc.text.slice(s.start, s.end)));
  if (sentences.length === 0) throw new Error('remixing documents: the real articles hold no sentences');
  for (let n = 0; ; n++) {
    const template = base[pick(random, base.length)]!;
    const paragraphs = template.text.split(/\n\s*\n/).map((p) => splitSentences(p).length).filter((k) => k > 0);
    const text = paragraphs.map((k) => Array.from({ length: k }, () => sentences[pick(random, sentences.length)]!).join(' ')).join('\n\n');
    const title = text.slice(0, 80).replace(/\s+\S*$/, '');
    yield { id: `remixed/${String(n).padStart(6, '0')}`, title, text, origin: 'remixed' };
  }
}

/**
 * Endless generated documents for when the datasets folder is absent: words
 * drawn from spoken-English frequencies (Zipf-like, as real text is), in
 * sentences of 6 to 30 words and paragraphs of 1 to 6 sentences.
 */
export async function syntheticDocuments(random: Random = seededRandom(7)): Promise<Generator<BenchDocument>> {
  const { ranked } = await loadWordFrequencies();
  const words = ranked.slice(0, 30_000);
  // A log-uniform rank: rank r comes up with probability about 1/r, as in Zipf's law.
  const word = () => words[Math.min(words.length - 1, Math.floor(Math.exp(random() * Math.log(words.length))) - 1)]!;
  const sentence = () => {
    const text = Array.from({ length: 6 + pick(random, 25) }, word).join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  return (function* () {
    for (let n = 0; ; n++) {
      const paragraphs = Array.from({ length: 3 + pick(random, 12) }, () =>
        Array.from({ length: 1 + pick(random, 6) }, sentence).join(' '),
      );
      const text = paragraphs.join('\n\n');
      yield { id: `synthetic/${String(n).padStart(6, '0')}`, title: paragraphs[0]!.slice(0, 60), text, origin: 'synthetic' };
    }
  })();
}
