import { rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFileBytes } from '../articles/index.ts';
import { displayDate } from '../answer/display-date.ts';
import { guildCollectionConfig, isGuildId, startCollection } from '../collections/collection-set.ts';
import { loadCollectionsConfig, loadEngineConfig, loadIngestConfig, type EngineConfig } from '../config.ts';
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
 * refused; a refused article, or one the index could not take, leaves the folder as it was.
 */
await runCli(async (argv) => {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { guild: { type: 'string' } } });
  if (positionals.length !== 1) throw usageError('give exactly one file or link to add', USAGE);
  const target = positionals[0]!;
  const shared = loadEngineConfig();
  const config = collectionConfig(shared, values.guild);
  const ingest = loadIngestConfig();
  const input = await inputFor(target, config.maxFileBytes);
  // A server's first article starts its collection (seeded like the bot seeds it); a refusal leaves none behind.
  const created = values.guild !== undefined && !(await stat(config.articlesDir).catch(() => null));
  if (created) await startCollection(shared.articlesDir, config.articlesDir, loadCollectionsConfig().seedNewGuilds);
  let added: AddedArticle;
  try {
    added = await addArticle(input, {
      articlesDir: config.articlesDir,
      maxFileBytes: config.maxFileBytes,
      addedBy: 'cli',
      fetchRules: fetchRulesFrom(ingest),
    });
  } catch (error) {
    if (created) await removeCreated(config.articlesDir);
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
    if (created) await removeCreated(config.articlesDir);
    throw error;
  }
  process.stdout.write(`${describeAdded(added, passages, path.relative(process.cwd(), path.join(config.articlesDir, added.id)))}\n`);
});

/** Removes a server's collection folder this run created, and guilds/ too if that leaves it empty. */
async function removeCreated(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await rmdir(path.dirname(dir)).catch(() => undefined);
}

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
