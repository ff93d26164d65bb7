import { removalProjection } from './common-component.ts';
import { writeModelFolder, type TestModelInfo } from './make-test-model.ts';
import { WORD_VECTOR_MODEL_ID, WORD_VECTOR_MODEL_MARKER } from './model-config.ts';
import { encodeWordVectorModel } from './word-vector-graph.ts';
import { buildWordVectorTable, type WordVectorSettings } from './word-vector-table.ts';
import { readWordVectors } from './word-vectors.ts';

/**
 * Writes a BERT-shaped model folder at `dir` whose embedding of a text is the
 * SIF average of real word vectors read from `wordVectorsDir` (see
 * readWordVectors), its common components removed by a fixed projection in
 * the graph. transformers.js loads it like any model; unlike the lexical test
 * model it knows that "fake" is close to "false". Same vectors =>
 * byte-identical files.
 */
export async function makeWordVectorModel(dir: string, wordVectorsDir: string, settings: WordVectorSettings = {}): Promise<TestModelInfo> {
  const table = buildWordVectorTable(await readWordVectors(wordVectorsDir), settings);
  const { vocabulary } = table;
  const { dimensions } = table.vectors;
  const model = encodeWordVectorModel(table.vectors, removalProjection(...table.commonComponents));
  return writeModelFolder(dir, model, vocabulary, dimensions, { id: WORD_VECTOR_MODEL_ID, marker: WORD_VECTOR_MODEL_MARKER });
}
