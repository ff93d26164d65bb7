/**
 * Writes the generated bag-of-words test model to a folder.
 *
 *   npm run make-test-model -- <dir> [--dimensions N]
 *
 * Exit codes as every CLI here (see run-cli.ts): 1 for a usage error, 2 for anything unexpected.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatBytes } from '../articles/format-bytes.ts';
import { DEFAULT_DIMENSIONS, MAX_DIMENSIONS, makeTestModel } from '../embedding/test-model/make-test-model.ts';
import { runCli } from './run-cli.ts';
import { usageError } from './usage-error.ts';

const USAGE = `usage: npm run make-test-model -- <dir> [--dimensions N]

Writes a deterministic stand-in for a sentence-embedding model (config.json,
tokenizer files, onnx/model_quantized.onnx) that transformers.js loads offline.
  --dimensions N   embedding width, 1 to ${MAX_DIMENSIONS} (default ${DEFAULT_DIMENSIONS})`;

interface CliArgs {
  dir: string;
  dimensions: number;
}

function parseCliArgs(argv: string[]): CliArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { dimensions: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw usageError((error as Error).message, USAGE);
  }
  if (parsed.values.help) return 'help';
  const [dir, ...extra] = parsed.positionals;
  if (dir === undefined) throw usageError('no output folder given', USAGE);
  if (extra.length > 0) throw usageError(`expected one output folder, got ${parsed.positionals.length}`, USAGE);
  const text = parsed.values.dimensions ?? String(DEFAULT_DIMENSIONS);
  const dimensions = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(dimensions >= 1 && dimensions <= MAX_DIMENSIONS)) {
    throw usageError(`--dimensions must be a whole number from 1 to ${MAX_DIMENSIONS} (e.g. --dimensions 384), got "${text}"`, USAGE);
  }
  return { dir, dimensions };
}

await runCli(async (argv) => {
  const args = parseCliArgs(argv);
  if (args === 'help') {
    console.log(USAGE);
    return;
  }

  const started = performance.now();
  const info = await makeTestModel(args.dir, { dimensions: args.dimensions });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Wrote a generated test model to ${info.dir} in ${seconds} s`);
  console.log(`  ${info.vocabSize} tokens, ${info.dimensions} dimensions (a weighted bag of words, not a trained network)`);
  for (const file of info.files) {
    const { size } = await stat(path.join(info.dir, file));
    console.log(`  ${file.padEnd(28)} ${formatBytes(size)}`);
  }
});
