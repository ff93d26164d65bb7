import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { guildCollectionConfig } from '../../src/collections/collection-set.ts';
import { loadEngineConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import { FileIndexStore } from '../../src/store/file-index-store.ts';
import { SAMPLE_ARTICLES } from '../support/engine-fixture.ts';
import { writeGeneratedArticles } from './support/generated-articles.ts';
import { runEntry } from './support/run-entry.ts';

/**
 * The crash-safety promise, per collection: `npm run add -- <file> --guild <id>` (COLLECTIONS=
 * per-guild) killed with SIGKILL at a subset of the build's crash points. The server's index is
 * the old or the new one, whole; the shared collection and its index are never touched; the next
 * add finishes the job. (The full set of points runs against the shared collection in
 * killed-reindex.test.ts.)
 */

const GUILD = '123456789012345678';
const POINTS = ['scanned', 'embed-batch:0', 'staging-file:manifest.json', 'before-rename', 'after-rename', 'saved'];
const MARKER = {
  text: '---\ntitle: Puffin census on Skarvoy\noutlet: The Coastal Gazette\n---\nThe lighthouse keeper on Skarvoy counted 4,172 puffins during the June census.\n',
  question: 'How many puffins did the lighthouse keeper count on Skarvoy?',
};

describe('a per-server add killed with SIGKILL', () => {
  let template: string;
  let oldBuiltAt: string;
  let sharedBuiltAt: string;

  const settings = (root: string) => ({
    ARTICLES_DIR: path.join(root, 'articles'),
    INDEX_DIR: path.join(root, 'index'),
    EMBEDDING_MODEL: inject('testModelDir'),
    MODEL_CACHE_DIR: path.join(root, 'cache'),
    CHUNK_MAX_TOKENS: '32',
    LOG_LEVEL: 'silent',
    COLLECTIONS: 'per-guild',
  });
  const openGuild = (root: string) => Engine.open(guildCollectionConfig(loadEngineConfig(settings(root), root), GUILD), { bulkEmbedding: 'inline' });

  beforeAll(async () => {
    // One shared collection (the samples) and one server's (the samples and 40 generated articles), each indexed.
    template = await mkdtemp(path.join(os.tmpdir(), 'article-bot-guild-kill-'));
    await cp(SAMPLE_ARTICLES, path.join(template, 'articles'), { recursive: true });
    const guildDir = path.join(template, 'articles', 'guilds', GUILD);
    await cp(SAMPLE_ARTICLES, guildDir, { recursive: true });
    await writeGeneratedArticles(guildDir, 1, 40, 3);
    const shared = await Engine.open(loadEngineConfig(settings(template), template), { bulkEmbedding: 'inline' });
    sharedBuiltAt = shared.index!.manifest.builtAt;
    await shared.close();
    const guild = await openGuild(template);
    oldBuiltAt = guild.index!.manifest.builtAt;
    await guild.close();
    await writeFile(path.join(template, 'puffins.md'), MARKER.text);
  });
  afterAll(async () => {
    if (template) await rm(template, { recursive: true, force: true });
  });

  it.each(POINTS)('killed at %s: the server’s index is old or new, whole; the shared one is untouched; the next add completes', { timeout: 180_000 }, async (point) => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'article-bot-guild-kill-run-'));
    try {
      await cp(template, root, { recursive: true });
      const env = { ...process.env, ...settings(root), NO_COLOR: '1' };
      const killed = await runEntry('add.ts', [path.join(root, 'puffins.md'), '--guild', GUILD], { ...env, INDEX_CRASH_AT: point });
      expect(killed.stderr, `the run never reached ${point}`).toContain(`INDEX_CRASH_AT: killed at ${point}\n`);
      expect(killed.signal).toBe('SIGKILL');

      const guild = await openGuild(root);
      try {
        const builtAt = guild.index!.manifest.builtAt;
        const isNew = guild.sources().documents.some((d) => d.title === 'Puffin census on Skarvoy');
        expect(isNew || builtAt === oldBuiltAt, 'neither the old nor the new index').toBe(true);
        expect((await guild.ask('When did the soldier die?')).citations.length).toBeGreaterThan(0);
      } finally {
        await guild.close();
      }
      const shared = await new FileIndexStore(path.join(root, 'index')).load();
      expect(shared?.manifest.builtAt).toBe(sharedBuiltAt);
      expect((await readdir(path.join(root, 'articles'))).filter((f) => f !== 'guilds').sort()).toEqual((await readdir(SAMPLE_ARTICLES)).sort());

      const again = await runEntry('add.ts', [path.join(root, 'puffins.md'), '--guild', GUILD], env);
      expect(again.code, again.stderr).toBe(0);
      const after = await openGuild(root);
      try {
        expect((await after.ask(MARKER.question)).citations[0]?.excerpt).toMatch(/4,172 puffins/);
        expect((await readdir(path.join(root, 'index', 'guilds', GUILD))).filter((e) => e.startsWith('.'))).toEqual([]);
      } finally {
        await after.close();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
