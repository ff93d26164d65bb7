import dotenv from 'dotenv';
import pc from 'picocolors';
import { ConfigError } from '../config.ts';
import { UserError } from '../errors.ts';
import { ModelLoadError } from '../embedding/transformers-embedder.ts';
import { ArticleFolderError } from '../articles/index.ts';

/** Exit codes: 1 for a problem the user can fix (config, input, a reindex already running), 2 for anything unexpected. */
const USER_PROBLEM = 1;
const UNEXPECTED = 2;

/**
 * Runs a CLI entry point: reads `.env` when present, runs `main`, and turns
 * errors into a clear message on stderr and a non-zero exit code.
 */
export async function runCli(main: (argv: string[]) => Promise<void>): Promise<void> {
  dotenv.config({ quiet: true });
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    const known =
      error instanceof ConfigError ||
      error instanceof UserError ||
      error instanceof ModelLoadError ||
      error instanceof ArticleFolderError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${pc.red('error:')} ${message}\n`);
    if (!known && error instanceof Error && error.stack && process.env.DEBUG) process.stderr.write(`${error.stack}\n`);
    process.exitCode = known ? USER_PROBLEM : UNEXPECTED;
  }
}
