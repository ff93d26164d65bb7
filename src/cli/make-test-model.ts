/**
 * Writes a generated model folder: the bag-of-words test model, or with
 * --word-vectors the semantic model built from real word vectors.
 *
 *   npm run make-test-model -- <dir> [--dimensions N | --word-vectors <folder>]
 *
 * Exit codes as every CLI here (see run-cli.ts): 1 for a usage error, 2 for anything unexpected.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatBytes } from '../articles/format-bytes.ts';
import { DEFAULT_DIMENSIONS, MAX_DIMENSIONS, makeTestModel } from '../embedding/test-model/make-test-model.ts';
import { makeWordVectorModel } from '../embedding/test-model/make-word-vector-model.ts';
import { WordVectorsError } from '../embedding/test-model/word-vectors.ts';
import { runCli } from './run-cli.ts';
import { usageError } from './usage-error.ts';

const USAGE = `usage: npm run make-test-model -- <dir> [--dimensions N | --word-vectors <folder>]

Writes a deterministic stand-in for a sentence-embedding model (config.json,
tokenizer files, onnx/model_quantized.onnx) that transformers.js loads offline.
  --dimensions N            embedding width of the bag-of-words model, 1 to ${MAX_DIMENSIONS} (default ${DEFAULT_DIMENSIONS})
  --word-vectors <folder>   instead, a semantic model: the SIF-weighted average of the word vectors in
                            <folder> (GloVe words list + float16 rows, e.g. ../shared/datasets/word-vectors)`;

interface CliArgs {
  dir: string;
  dimensions: number;
  wordVectors: string | undefined;
}

function parseCliArgs(argv: string[]): CliArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { dimensions: { type: 'string' }, 'word-vectors': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw usageError((error as Error).message, USAGE);
  }
  if (parsed.values.help) return 'help';
  const [dir, ...extra] = parsed.positionals;
  if (dir === undefined) throw usageError('no output folder given', USAGE);
  if (extra.length > 0) throw usageError(`expected one output folder, got ${parsed.positionals.length}`, USAGE);
  const wordVectors = parsed.values['word-vectors'];
  if (wordVectors !== undefined && parsed.values.dimensions !== undefined) {
    throw usageError('--dimensions and --word-vectors do not go together: a word-vector model is as wide as its vectors', USAGE);
  }
  if (wordVectors !== undefined && wordVectors.trim() === '') throw usageError('--word-vectors needs a folder', USAGE);
  const text = parsed.values.dimensions ?? String(DEFAULT_DIMENSIONS);
  const dimensions = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(dimensions >= 1 && dimensions <= MAX_DIMENSIONS)) {
    throw usageError(`--dimensions must be a whole number from 1 to ${MAX_DIMENSIONS} (e.g. --dimensions 384), got "${text}"`, USAGE);
  }
  return { dir, dimensions, wordVectors };
}

await runCli(async (argv) => {
  const args = parseCliArgs(argv);
  if (args === 'help') {
    console.log(USAGE);
    return;
  }

  const started = performance.now();
  const info = args.wordVectors
    ? await makeWordVectorModel(args.dir, path.resolve(args.wordVectors)).catch((error: unknown) => {
        // A wrong or incomplete folder is the user's to fix: exit 1 with the reason, not 2.
        throw error instanceof WordVectorsError ? usageError(`--word-vectors ${args.wordVectors}: ${error.message}`, USAGE) : error;
      })
    : await makeTestModel(args.dir, { dimensions: args.dimensions });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const kind = args.wordVectors ? 'word-vector model' : 'test model';
  const what = args.wordVectors
    ? 'a SIF-weighted average of real word vectors, common components removed; not a trained network'
    : 'a weighted bag of words, not a trained network';
  console.log(`Wrote a generated ${kind} to ${info.dir} in ${seconds} s`);
  console.log(`  ${info.vocabSize} tokens, ${info.dimensions} dimensions (${what})`);
  for (const file of info.files) {
    const { size } = await stat(path.join(info.dir, file));
    console.log(`  ${file.padEnd(28)} ${formatBytes(size)}`);
  }
});
