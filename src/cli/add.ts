import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFileBytes } from '../articles/index.ts';
import { displayDate } from '../answer/display-date.ts';
import { loadEngineConfig, loadIngestConfig } from '../config.ts';
import { addArticle, type AddedArticle, type ArticleInput } from '../ingest/add-article.ts';
import { fetchRulesFrom } from '../ingest/fetch-rules.ts';
import { IngestRefused } from '../ingest/ingest-error.ts';
import { createProgressReporter, describeBuild } from './progress.ts';
import { openEngineForCli } from './open-engine.ts';
import { runCli } from './run-cli.ts';
import { usageError } from './usage-error.ts';

const USAGE = 'usage: npm run add -- <file-or-url>';

/**
 * `npm run add -- <file-or-url>`: adds one article to ARTICLES_DIR (a local .md, .txt, .html or
 * .pdf file, or a web page), then updates the index. Exit 0 when added, 1 with the reason when
 * refused; a refused article, or one the index could not take, leaves the folder as it was.
 */
await runCli(async (argv) => {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw usageError('give exactly one file or link to add', USAGE);
  const target = positionals[0]!;
  const config = loadEngineConfig();
  const ingest = loadIngestConfig();
  const input = await inputFor(target, config.maxFileBytes);
  const added = await addArticle(input, {
    articlesDir: config.articlesDir,
    maxFileBytes: config.maxFileBytes,
    addedBy: 'cli',
    fetchRules: fetchRulesFrom(ingest),
  });
  let passages: number | undefined;
  try {
    let builtOnOpen = false;
    const engine = await openEngineForCli(config, () => {
      builtOnOpen = true;
    });
    try {
      if (!builtOnOpen) {
        const progress = createProgressReporter();
        const summary = await engine.reindex({ onProgress: (e) => progress.build(e) });
        progress.done();
        process.stderr.write(`${describeBuild(summary)}\n`);
      }
      passages = engine.sources().documents.find((d) => d.id === added.id)?.chunks;
    } finally {
      await engine.close();
    }
  } catch (error) {
    await added.undo();
    throw error;
  }
  process.stdout.write(`${describeAdded(added, passages, path.relative(process.cwd(), path.join(config.articlesDir, added.id)))}\n`);
});

/** A link when the argument has a scheme (only http and https are then fetched), else a local file. */
async function inputFor(target: string, maxFileBytes: number): Promise<ArticleInput> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target)) return { kind: 'link', url: target };
  if (!(await stat(target).catch(() => null))) throw new IngestRefused(`${target} does not exist; check the path (or give a link starting with https://).`);
  const read = await readFileBytes(path.resolve(target), maxFileBytes);
  if (!read.ok) throw new IngestRefused(`${target} ${read.reason}.`);
  return { kind: 'upload', bytes: read.value };
}

function describeAdded(added: AddedArticle, passages: number | undefined, stored: string): string {
  const details = [added.outlet, displayDate(added.date)].filter(Boolean).join(', ');
  const verb = added.status === 'added' ? 'Added' : 'Updated';
  const count = passages === undefined ? '' : `: ${passages} passage${passages === 1 ? '' : 's'}`;
  const replaced = added.replaced ? ` (replacing ${added.replaced})` : '';
  return `${verb} "${added.title}"${details ? ` (${details})` : ''}${count}, stored as ${stored}${replaced}`;
}
