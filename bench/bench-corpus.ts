import { chunkText } from '../src/chunking/chunk-text.ts';
import { chunkRecord, MAX_CHARS_PER_TOKEN } from '../src/indexing/build-index.ts';
import type { TokenCounter } from '../src/embedding/embedder.ts';
import type { ChunkRecord } from '../src/records/index.ts';
import type { BenchDocument } from './bench-documents.ts';


/** Chunks of a benchmark corpus, with what it cost to cut them. */
export interface BenchCorpus {
  /** Documents in order; the last may be only partly used. */
  documents: BenchDocument[];
  chunks: ChunkRecord[];
  /** `chunkMs[i]`: milliseconds spent chunking rows 0..i (a document's time shared by its chunks). */
  chunkMs: Float64Array;
  /** How many chunks come from each origin. */
  origins: Record<BenchDocument['origin'], number>;
}

/**
 * Cuts documents into chunks exactly as the index builder does, until
 * `total` chunks; smaller corpora are prefixes of this one.
 */
export function chunkCorpus(
  documents: Iterable<BenchDocument>,
  total: number,
  settings: { maxTokens: number; overlapSentences: number; tokens: TokenCounter },
): BenchCorpus {
  const countTokens = (t: string) => Math.max(settings.tokens.countTokens(t), Math.ceil(t.length / MAX_CHARS_PER_TOKEN));
  const used: BenchDocument[] = [];
  const chunks: ChunkRecord[] = [];
  const chunkMs = new Float64Array(total);
  const origins = { news: 0, remixed: 0, synthetic: 0 };
  let spent = 0;
  for (const doc of documents) {
    if (chunks.length >= total) break;
    const started = performance.now();
    const pieces = chunkText(doc.text, { maxTokens: settings.maxTokens, overlapSentences: settings.overlapSentences, countTokens });
    const share = (performance.now() - started) / Math.max(1, pieces.length);
    if (pieces.length === 0) continue;
    used.push(doc);
    for (const piece of pieces.slice(0, total - chunks.length)) {
      spent += share;
      chunkMs[chunks.length] = spent;
      origins[doc.origin]++;
      chunks.push(chunkRecord(doc.id, piece));
    }
  }
  if (chunks.length < total) throw new Error(`the corpus ran out of text after ${chunks.length} of ${total} chunks`);
  return { documents: used, chunks, chunkMs, origins };
}

/** The first `n` chunks of a corpus and the documents they come from. */
export function corpusPrefix(corpus: BenchCorpus, n: number): { documents: BenchDocument[]; chunks: ChunkRecord[] } {
  const chunks = corpus.chunks.slice(0, n);
  const ids = new Set(chunks.map((c) => c.documentId));
  return { documents: corpus.documents.filter((d) => ids.has(d.id)), chunks };
}
