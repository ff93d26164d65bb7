import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEngineConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import { FileIndexStore } from '../../src/store/file-index-store.ts';
import type { StoreWarning } from '../../src/store/index-store.ts';
import type { IndexSnapshot } from '../../src/store/snapshot.ts';
import { DEATH_QUESTION } from '../../bench/sample-questions.ts';
import { PROJECT_ROOT, SAMPLE_ARTICLES } from '../support/engine-fixture.ts';
import { generatedArticle, writeGeneratedArticles } from './support/generated-articles.ts';
import { limitConcurrency, runEntry } from './support/run-entry.ts';

/**
 * The real `npm run index` entry point, killed with SIGKILL at named points
 * (INDEX_CRASH_AT, see src/store/crash-point.ts) and at moments spread over a
 * whole run. Every kill starts from the same "old" index (two versions and a
 * staging folder left by an earlier crash) and an articles folder that has
 * changed since, so the killed run was building a "new" index.
 */

// Small passages keep embedding cheap while the changed articles still fill several batches of 64.
const CHUNK_MAX_TOKENS = '32';
const LEFTOVER_STAGING = '.staging-v000009-4242';

const MARKER = {
  file: 'zz-puffin-census.md',
  text:
    '---\ntitle: Puffin census on Skarvoy\noutlet: The Coastal Gazette\n---\n' +
    'The lighthouse keeper on Skarvoy counted 4,172 puffins during the June census.\n\n' +
    'She said the colony had grown since the last count.\n',
  question: 'How many puffins did the lighthouse keeper count on Skarvoy?',
  fact: /4,172 puffins/,
};

/** Named crash points, grouped by phase; the new build embeds 4 batches of passages and writes about 370 rows. */
const NAMED_POINTS = [
  // start-up and the lock
  'after-model-load',
  'lock-taken',
  'lock-owned',
  // reading and chunking the articles
  'scanned',
  'chunked:1',
  'chunked:20',
  // embedding
  'embed-batch:0',
  'embed-batch:1',
  'embed-batch:2',
  'embed-batch:3',
  'embedded',
  // writing the staging folder
  'staging-created',
  'vectra-row:0',
  'vectra-row:300',
  'staging-file:index.json',
  'staging-file:vectors.f32',
  'staging-file:chunks.json',
  'staging-file:documents.json',
  'staging-file:manifest.json',
  // swapping it in and pruning
  'before-rename',
  'after-rename',
  'before-prune',
  `pruned-temporary:${LEFTOVER_STAGING}`,
  'prune-moved:v000001',
  'pruned:v000001',
  'saved',
];
/** Kills at these fractions of an uninterrupted run's duration, wherever they land. */
const TIMED_FRACTIONS = [0.15, 0.35, 0.55, 0.75, 0.9];
/** Kills during the very first build, with no index yet. */
const FIRST_BUILD_POINTS = ['embed-batch:1', 'after-rename'];
/** These kills are also checked with a real `npm run ask` child process. */
const CHECKED_WITH_ASK_CLI = new Set(['embed-batch:2', 'staging-file:chunks.json', 'after-rename']);
/** Killed between taking the lock and recording its owner: the lock is taken over after a short grace period. */
const OWNERLESS_LOCK_POINTS = new Set(['lock-taken']);

type Kill = { from: 'old' | 'empty'; crashAt: string } | { from: 'old'; fraction: number };
const describeKill = (kill: Kill) =>
  'crashAt' in kill ? `${kill.from === 'empty' ? 'first build, ' : ''}${kill.crashAt}` : `${Math.round(kill.fraction * 100)}% of a run`;

describe('a reindex killed with SIGKILL', () => {
  let root: string;
  let articlesDir: string;
  let oldIndexDir: string;
  let oldSnapshot: IndexSnapshot;
  let newIds: string[];
  let newChunks: number;
  let fullRunMs: number;
  const slot = limitConcurrency(2);

  const settingsFor = (indexDir: string) => ({
    ARTICLES_DIR: articlesDir,
    INDEX_DIR: indexDir,
    EMBEDDING_MODEL: inject('testModelDir'),
    MODEL_CACHE_DIR: path.join(root, 'cache'),
    CHUNK_MAX_TOKENS,
    LOG_LEVEL: 'silent',
  });
  const envFor = (indexDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    ...settingsFor(indexDir),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...extra,
  });
  const open = (indexDir: string) => Engine.open(loadEngineConfig(settingsFor(indexDir), root), { bulkEmbedding: 'inline' });

  /** Which complete index a snapshot is. */
  const identify = (snapshot: IndexSnapshot): 'old' | 'new' => {
    if (snapshot.manifest.builtAt === oldSnapshot.manifest.builtAt) return 'old';
    const ids = snapshot.documents.map((d) => d.id);
    if (ids.join('\n') === newIds.join('\n') && snapshot.chunks.length === newChunks) return 'new';
    throw new Error(`the index is neither the old nor the new one: ${ids.length} documents, ${snapshot.chunks.length} chunks`);
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'article-bot-kill-'));
    articlesDir = path.join(root, 'articles');
    oldIndexDir = path.join(root, 'old-index');

    // The old index: the sample articles and 8 generated ones, built twice (v000001, v000002).
    await cp(SAMPLE_ARTICLES, articlesDir, { recursive: true });
    await writeGeneratedArticles(articlesDir, 1, 8, 5);
    const engine = await open(oldIndexDir);
    try {
      await engine.reindex();
    } finally {
      await engine.close();
    }
    oldSnapshot = (await new FileIndexStore(oldIndexDir).load())!;
    await mkdir(path.join(oldIndexDir, LEFTOVER_STAGING));
    await writeFile(path.join(oldIndexDir, LEFTOVER_STAGING, 'chunks.json'), '[{"documentId":"torn');

    // Since then: one article changed, one deleted, 201 added (the marker among them). One-sentence
    // articles make one short passage each: four embedding batches that cost little.
    await writeFile(path.join(articlesDir, 'gen-0002.md'), generatedArticle(1002, 5));
    await rm(path.join(articlesDir, 'gen-0003.md'));
    await writeGeneratedArticles(articlesDir, 100, 200, 1);
    await writeFile(path.join(articlesDir, MARKER.file), MARKER.text);

    // An uninterrupted run: what "new" looks like, and how long a run takes.
    const baselineDir = path.join(root, 'baseline');
    await cp(oldIndexDir, baselineDir, { recursive: true });
    const started = performance.now();
    const run = await runEntry('index-articles.ts', [], envFor(baselineDir));
    fullRunMs = performance.now() - started;
    expect(run.code, run.stderr).toBe(0);
    const built = (await new FileIndexStore(baselineDir).load())!;
    newIds = built.documents.map((d) => d.id);
    newChunks = built.chunks.length;
    expect(newIds).toContain(MARKER.file);
    expect(built.chunks.length - oldSnapshot.chunks.length).toBeGreaterThan(3 * 64); // several embedding batches
    expect(built.chunks.length).toBeGreaterThan(300); // vectra-row:300 is reached
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  const kills: Kill[] = [
    ...NAMED_POINTS.map((crashAt): Kill => ({ from: 'old', crashAt })),
    ...TIMED_FRACTIONS.map((fraction): Kill => ({ from: 'old', fraction })),
    ...FIRST_BUILD_POINTS.map((crashAt): Kill => ({ from: 'empty', crashAt })),
  ];

  it('is killed at every crash point the product marks, so a new step of a build cannot go untested', async () => {
    const src = path.join(PROJECT_ROOT, 'src');
    const marked = new Set<string>();
    for (const file of await readdir(src, { recursive: true })) {
      // The PostgreSQL store's points (src/db/) are killed at by postgres-killed-reindex.test.ts: this file runs the file store.
      if (!file.endsWith('.ts') || file.startsWith(`db${path.sep}`)) continue;
      for (const call of (await readFile(path.join(src, file), 'utf8')).matchAll(/\bcrashPoint\('([^']+)'/g)) marked.add(call[1]!);
    }
    const killedAt = new Set(NAMED_POINTS.map((point) => point.split(':')[0]!));
    expect(marked.size, 'the scan finds the crash points in src/').toBeGreaterThan(10);
    expect([...marked].filter((name) => !killedAt.has(name)), 'marked in src/ but never killed at').toEqual([]);
    expect([...killedAt].filter((name) => !marked.has(name)), 'killed at but marked nowhere in src/').toEqual([]);
  });

  it.concurrent.each(kills.map((kill) => [describeKill(kill), kill] as const))(
    'killed at %s: a fresh process loads the old or the new index whole and answers; the next run cleans up',
    { timeout: 300_000 },
    async (_name, kill) =>
      slot(async () => {
        const dir = await mkdtemp(path.join(root, 'kill-'));
        const indexDir = path.join(dir, 'index');
        if (kill.from === 'old') await cp(oldIndexDir, indexDir, { recursive: true });

        // The kill.
        const run =
          'crashAt' in kill
            ? await runEntry('index-articles.ts', [], envFor(indexDir, { INDEX_CRASH_AT: kill.crashAt }))
            : await runEntry('index-articles.ts', [], envFor(indexDir), { killAfterMs: Math.round(kill.fraction * fullRunMs) });
        if ('crashAt' in kill) {
          // Killed by the crash point itself (it says so just before), not by the timeout or anything else.
          expect(run.stderr, `the run never reached ${kill.crashAt}`).toContain(`INDEX_CRASH_AT: killed at ${kill.crashAt}\n`);
          expect(run.signal, run.stderr).toBe('SIGKILL');
        } else expect(run.signal === 'SIGKILL' || run.code === 0, run.stderr).toBe(true);

        // What is on disk: a complete version (checksums verified), not a damaged one.
        const warnings: StoreWarning[] = [];
        const found = await new FileIndexStore(indexDir).load((w) => warnings.push(w));
        expect(warnings).toEqual([]);
        const state = found ? identify(found) : 'none';
        expect(state).not.toBe(kill.from === 'old' ? 'none' : 'old');

        // A fresh process: the real `npm run ask`, for one kill per phase.
        if ('crashAt' in kill && kill.from === 'old' && CHECKED_WITH_ASK_CLI.has(kill.crashAt)) {
          const ask = await runEntry('ask.ts', ['--json', DEATH_QUESTION.question], envFor(indexDir));
          expect(ask.code, ask.stderr).toBe(0);
          expect(ask.stderr).not.toMatch(/Indexed|warning/); // loaded as is: no rebuild, no damaged version
          const answer = JSON.parse(ask.stdout) as { answered: boolean; citations: Array<{ excerpt: string }> };
          expect(answer.answered).toBe(true);
          expect(answer.citations.some((c) => DEATH_QUESTION.fact.test(c.excerpt))).toBe(true);
        }

        // A fresh engine in this process: same version (or a first build when there was none), answering.
        if ('crashAt' in kill && OWNERLESS_LOCK_POINTS.has(kill.crashAt)) await new Promise((r) => setTimeout(r, 2_500));
        const engine = await open(indexDir);
        try {
          if (found) expect(engine.index!.manifest.builtAt).toBe(found.manifest.builtAt);
          const answer = await engine.ask(DEATH_QUESTION.question);
          expect(answer.answered).toBe(true);
          expect(answer.citations.some((c) => DEATH_QUESTION.fact.test(c.excerpt))).toBe(true);

          // The next successful run (takes over the dead build's lock) builds the new index...
          await engine.reindex();
          const built = (await new FileIndexStore(indexDir).load())!;
          expect(identify(built)).toBe('new');
          expect(engine.index!.manifest.builtAt).toBe(built.manifest.builtAt);
          const marker = await engine.ask(MARKER.question);
          expect(marker.citations[0]).toMatchObject({ documentId: MARKER.file, excerpt: expect.stringMatching(MARKER.fact) });
        } finally {
          await engine.close();
        }
        // ...and leaves nothing temporary behind: two versions, no staging folder, no lock.
        const entries = (await readdir(indexDir)).sort();
        expect(entries).toHaveLength(2);
        expect(entries.every((e) => /^v\d{6}$/.test(e)), entries.join(', ')).toBe(true);
        await rm(dir, { recursive: true, force: true });
      }),
  );
});
