import type { ChunkRecord, DocumentRecord } from '../../src/records/index.ts';
import { beginVersionBuild, type VersionBuild, type VersionManifest } from '../../src/db/version-writer.ts';
import type { Database } from '../../src/db/connect.ts';
import { keywordStatistics, type KeywordStatistics } from '../../src/db/passage-postings.ts';

/** Hand-made passages with 4-dimension vectors: each article points its own way, so nearest neighbours are known. */
export interface SampleArticle {
  id: string;
  title: string;
  passages: { text: string; vector: [number, number, number, number] }[];
}

export const SOLDIER: SampleArticle = {
  id: 'news/soldier.md',
  title: 'Captured North Korean soldier dies of wounds',
  passages: [
    { text: 'The North Korean soldier died of his wounds on Friday, the intelligence service said.', vector: [1, 0, 0, 0] },
    { text: 'He had been captured in Kursk by Ukrainian forces on Thursday.', vector: [0.8, 0.2, 0, 0] },
  ],
};
export const WEATHER: SampleArticle = {
  id: 'news/weather.md',
  title: 'Snow in Seoul',
  passages: [{ text: 'Heavy snow fell across Seoul, closing schools and roads.', vector: [0, 1, 0, 0] }],
};
export const MARKETS: SampleArticle = {
  id: 'markets.md',
  title: 'Rates rise',
  passages: [{ text: 'The central bank raised interest rates by a quarter point.', vector: [0, 0, 1, 0] }],
};

/** What a build writes for these articles, in the shapes the file store keeps, and the keyword statistics it weighs their postings by. */
export function sampleRecords(articles: readonly SampleArticle[]): {
  manifest: VersionManifest;
  documents: DocumentRecord[];
  chunks: ChunkRecord[];
  vectors: Float32Array;
  statistics: KeywordStatistics;
} {
  const documents: DocumentRecord[] = [];
  const chunks: ChunkRecord[] = [];
  const floats: number[] = [];
  for (const article of articles) {
    let offset = 0;
    article.passages.forEach((p, index) => {
      chunks.push({ documentId: article.id, index, start: offset, end: offset + p.text.length, text: p.text, sentences: [[offset, offset + p.text.length]] });
      floats.push(...p.vector);
      offset += p.text.length + 1;
    });
    documents.push({
      id: article.id,
      title: article.title,
      outlet: 'Test Outlet',
      date: '2024-12-27',
      byline: null,
      url: `https://example.com/${article.id}`,
      hash: `sha256-of-${article.id}`,
      bytes: offset,
      chunks: article.passages.length,
    });
  }
  const manifest: VersionManifest = {
    formatVersion: 1,
    builtAt: '2026-11-29T12:00:00.000Z',
    model: { id: 'hand-made-4d', dimensions: 4 },
    chunker: { version: 1, maxTokens: 200, overlapSentences: 0 },
    documents: documents.length,
    chunks: chunks.length,
  };
  return { manifest, documents, chunks, vectors: new Float32Array(floats), statistics: keywordStatistics(chunks.map((c) => c.text)) };
}

/** Starts a version of `collection` and writes every row of these articles; the caller finishes or abandons it. */
export async function writeSample(db: Database, collection: string, articles: readonly SampleArticle[]): Promise<VersionBuild> {
  const records = sampleRecords(articles);
  const build = await beginVersionBuild(db, collection, records.manifest, records.statistics);
  await build.writeDocuments(records.documents);
  await build.writeChunks(records.chunks, records.vectors);
  return build;
}

/** Builds and switches to a version of these articles. */
export async function buildSample(db: Database, collection: string, articles: readonly SampleArticle[]): Promise<string> {
  const build = await writeSample(db, collection, articles);
  await build.finish();
  return build.versionId;
}
