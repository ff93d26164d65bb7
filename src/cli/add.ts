import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FolderArticleSource, readFileBytes, type ArticleSource } from '../articles/index.ts';
import { displayDate } from '../answer/display-date.ts';
import { guildCollectionConfig, isGuildId } from '../collections/collection-set.ts';
import { loadCollectionsConfig, loadDatabaseConfig, loadEngineConfig, loadIngestConfig, type EngineConfig } from '../config.ts';
import { connectDatabaseStores } from '../db/open-store.ts';
import { addArticle, type AddedArticle, type ArticleInput } from '../ingest/add-article.ts';
import { fetchRulesFrom } from '../ingest/fetch-rules.ts';
import { IngestRefused } from '../ingest/ingest-error.ts';
import { createProgressReporter, describeBuild } from './progress.ts';
import { openEngineForCli } from './open-engine.ts';
import { runCli } from './run-cli.ts';
import { usageError } from './usage-error.ts';

const USAGE = 'usage: npm run add -- <file-or-url> [--guild <server id>]';

/**
 * `npm run add -- <file-or-url> [--guild <id>]`: adds one article to ARTICLES_DIR, or with
 * `--guild` to that server's collection (a local .md, .txt, .html or .pdf file, or a web page),
 * then updates that collection's index. Exit 0 when added, 1 with the reason when
 * refused; a refused article, or one the index could not take, leaves the collection as it was.
 * With DATABASE_URL the article is stored in the database (the collection's `article_files`).
 */
await runCli(async (argv) => {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { guild: { type: 'string' } } });
  if (positionals.length !== 1) throw usageError('give exactly one file or link to add', USAGE);
  const target = positionals[0]!;
  const shared = loadEngineConfig();
  const config = collectionConfig(shared, values.guild);
  const ingest = loadIngestConfig();
  const input = await inputFor(target, config.maxFileBytes);
  // With DATABASE_URL the article is stored in the database, not in the folder.
  const database = loadDatabaseConfig();
  const stores = database ? await connectDatabaseStores(database) : null;
  try {
    const sourceOf = (c: EngineConfig): ArticleSource => (stores ? stores.openArticles(c) : new FolderArticleSource(c.articlesDir));
    const articles = sourceOf(config);
    // A server's first article starts its collection (seeded like the bot seeds it); a refusal leaves none behind.
    const created = values.guild !== undefined && !(await articles.exists());
    if (created) await articles.create(loadCollectionsConfig().seedNewGuilds ? sourceOf(shared) : undefined);
    let added: AddedArticle;
    try {
      added = await addArticle(input, { articles, maxFileBytes: config.maxFileBytes, addedBy: 'cli', fetchRules: fetchRulesFrom(ingest) });
    } catch (error) {
      if (created) await articles.destroy();
      throw error;
    }
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
      if (created) await articles.destroy();
      throw error;
    }
    const stored = articles.describe(added.id);
    process.stdout.write(`${describeAdded(added, passages, path.isAbsolute(stored) ? path.relative(process.cwd(), stored) : stored)}\n`);
  } finally {
    await stores?.close();
  }
});

/** ARTICLES_DIR's collection, or with `--guild` (COLLECTIONS=per-guild only) that server's own. */
function collectionConfig(base: EngineConfig, guild: string | undefined): EngineConfig {
  if (guild === undefined) return base;
  if (loadCollectionsConfig().mode !== 'per-guild') {
    throw usageError('--guild needs COLLECTIONS=per-guild: with one shared collection every server answers from ARTICLES_DIR', USAGE);
  }
  if (!isGuildId(guild)) throw usageError(`--guild takes a Discord server id (17-20 digits), got ${JSON.stringify(guild)}`, USAGE);
  return guildCollectionConfig(base, guild);
}

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
