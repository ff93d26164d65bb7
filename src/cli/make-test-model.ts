/**
 * Writes the generated bag-of-words test model to a folder.
 *
 *   npx tsx src/cli/make-test-model.ts <dir> [--dimensions N]
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatBytes } from '../articles/format-bytes.ts';
import { DEFAULT_DIMENSIONS, MAX_DIMENSIONS, makeTestModel } from '../embedding/test-model/make-test-model.ts';

const USAGE = `Usage: npx tsx src/cli/make-test-model.ts <dir> [--dimensions N]

Writes a deterministic stand-in for a sentence-embedding model (config.json,
tokenizer files, onnx/model_quantized.onnx) that transformers.js loads offline.
  --dimensions N   embedding width, 1 to ${MAX_DIMENSIONS} (default ${DEFAULT_DIMENSIONS})`;

/** Bad command-line input: print the message and the usage, exit 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

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
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) return 'help';
  const [dir, ...extra] = parsed.positionals;
  if (dir === undefined) throw new UsageError('no output folder given');
  if (extra.length > 0) throw new UsageError(`expected one output folder, got ${parsed.positionals.length}`);
  const text = parsed.values.dimensions ?? String(DEFAULT_DIMENSIONS);
  const dimensions = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(dimensions >= 1 && dimensions <= MAX_DIMENSIONS)) {
    throw new UsageError(`--dimensions must be a whole number from 1 to ${MAX_DIMENSIONS} (e.g. --dimensions 384), got "${text}"`);
  }
  return { dir, dimensions };
}

async function main(argv: string[]): Promise<number> {
  let args: CliArgs | 'help';
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`make-test-model: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
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
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`make-test-model: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
