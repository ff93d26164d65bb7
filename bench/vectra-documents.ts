import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChunkRecord } from '../src/records/index.ts';
import type { BenchDocument } from './bench-documents.ts';

/**
 * Writes a vectra `LocalDocumentIndex` folder holding exactly our chunks and
 * vectors: `index.json` (items with vectra's `documentId`/`startPos`/`endPos`
 * metadata, end inclusive), `catalog.json` and one `<id>.txt` per document.
 * vectra's own `upsertDocument` would re-chunk the text its own way (and
 * slows quadratically), so the comparison would not be on the same data.
 */
export async function writeVectraDocumentIndex(
  folder: string,
  documents: readonly BenchDocument[],
  chunks: readonly ChunkRecord[],
  vectors: Float32Array,
  dimensions: number,
): Promise<void> {
  await mkdir(folder, { recursive: true });
  const ids = new Map(documents.map((d, i) => [d.id, `doc-${String(i).padStart(6, '0')}`]));
  const catalog = { version: 1, count: documents.length, uriToId: {} as Record<string, string>, idToUri: {} as Record<string, string> };
  for (const doc of documents) {
    const id = ids.get(doc.id)!;
    catalog.uriToId[doc.id] = id;
    catalog.idToUri[id] = doc.id;
    await writeFile(path.join(folder, `${id}.txt`), doc.text);
  }
  await writeFile(path.join(folder, 'catalog.json'), JSON.stringify(catalog));

  const out = createWriteStream(path.join(folder, 'index.json'));
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{"version":1,"metadata_config":{},"items":[');
  for (let row = 0; row < chunks.length; row++) {
    const chunk = chunks[row]!;
    const vector = Array.from(vectors.subarray(row * dimensions, (row + 1) * dimensions));
    const item = {
      id: `item-${row}`,
      metadata: { documentId: ids.get(chunk.documentId)!, startPos: chunk.start, endPos: chunk.end - 1 },
      vector,
      norm: Math.hypot(...vector),
    };
    await write((row === 0 ? '' : ',') + JSON.stringify(item));
  }
  await write(']}');
  out.end();
  await once(out, 'close');
}
