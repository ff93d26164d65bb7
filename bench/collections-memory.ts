/**
 * `npm run bench:collections -- [--collections 200] [--articles 20]`: the memory of a bot serving
 * many small servers with COLLECTIONS=per-guild, on the generated model.
 *
 * Builds `collections` per-server collections of `articles` generated articles each (once, in a
 * scratch folder), then, in a fresh Node process per setting, opens them the way the bot does,
 * asks one question in every server and reports the process's resident memory (RSS) after the
 * model loads, at its peak while touching every server, and at the end, with
 * MAX_LOADED_COLLECTIONS at the number of servers (everything stays loaded) and at a tenth of it.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CollectionSet } from '../src/collections/collection-set.ts';
import { loadEngineConfig, type EngineConfig } from '../src/config.ts';
import { fallbackModelDir } from '../src/embedding/load-model.ts';
import { ensureTestModel } from '../src/embedding/test-model/make-test-model.ts';
import { seededRandom } from './seeded-random.ts';

const WORDS = (
  'harbour bridge ferry council budget market river storm school hospital election mayor police court fire train station ' +
  'museum festival harvest farmers prices rent housing tourists airport road repairs workers strike union factory jobs ' +
  'teachers students exam library park trees flood drought water power grid solar wind boats fishing port customs trade'
).split(' ');

const guildId = (i: number) => String(100_000_000_000_000_000n + BigInt(i));

function article(random: () => number, server: number, n: number): string {
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const sentences = Array.from({ length: 12 }, () => {
    const words = Array.from({ length: 14 }, pick);
    return `${words[0]!.charAt(0).toUpperCase()}${words.join(' ').slice(1)} on ${1 + Math.floor(random() * 28)} March, officials said.`;
  });
  return `---\ntitle: "Report ${n} from server ${server}"\noutlet: Bench Wire\ndate: 2025-03-${String(1 + (n % 28)).padStart(2, '0')}\n---\n${sentences.join(' ')}\n`;
}

async function build(root: string, collections: number, articles: number, config: EngineConfig): Promise<void> {
  const random = seededRandom(11);
  for (let g = 0; g < collections; g++) {
    const dir = path.join(config.articlesDir, 'guilds', guildId(g));
    await mkdir(dir, { recursive: true });
    for (let a = 0; a < articles; a++) await writeFile(path.join(dir, `report-${a}.md`), article(random, g, a));
  }
  const set = await CollectionSet.open(config, { mode: 'per-guild', maxLoaded: 1, idleUnloadMs: 60_000, seedNewGuilds: false, engine: { bulkEmbedding: 'inline' } });
  const started = performance.now();
  for (let g = 0; g < collections; g++) await set.forGuild(guildId(g));
  await set.close();
  process.stderr.write(`built ${collections} collections of ${articles} articles in ${((performance.now() - started) / 1000).toFixed(0)} s (in ${root})\n`);
}

/** Runs in a fresh process: opens every collection like the bot, one question each, and prints the RSS figures as JSON. */
async function measure(collections: number, maxLoaded: number, config: EngineConfig): Promise<void> {
  const mb = () => Math.round(process.memoryUsage().rss / (1024 * 1024));
  const gc = (globalThis as { gc?: () => void }).gc;
  const set = await CollectionSet.open(config, { mode: 'per-guild', maxLoaded, idleUnloadMs: 3_600_000, seedNewGuilds: false, engine: { bulkEmbedding: 'process' } });
  gc?.();
  const afterModel = mb();
  let peak = afterModel;
  for (let g = 0; g < collections; g++) {
    const engine = await set.forGuild(guildId(g));
    await engine!.ask('What did officials say about the harbour ferry repairs?');
    if (g % 10 === 9) {
      gc?.();
      peak = Math.max(peak, mb());
    }
  }
  gc?.();
  const end = mb();
  process.stdout.write(`${JSON.stringify({ collections, maxLoaded, loaded: set.loadedCount, afterModelMb: afterModel, peakMb: Math.max(peak, end), endMb: end })}\n`);
  await set.close();
}

const { values } = parseArgs({
  options: {
    collections: { type: 'string', default: '200' },
    articles: { type: 'string', default: '20' },
    measure: { type: 'string' },
    'max-loaded': { type: 'string' },
  },
});
const collections = Number(values.collections);
const articles = Number(values.articles);

if (values.measure) {
  const config = loadEngineConfig({ ...process.env, ARTICLES_DIR: path.join(values.measure, 'articles'), INDEX_DIR: path.join(values.measure, 'index') });
  await measure(collections, Number(values['max-loaded']), config);
} else {
  const root = await mkdtemp(path.join(os.tmpdir(), 'collections-bench-'));
  try {
    const base = loadEngineConfig({ ...process.env, ARTICLES_DIR: path.join(root, 'articles'), INDEX_DIR: path.join(root, 'index') });
    const modelDir = fallbackModelDir(base.modelCacheDir);
    await ensureTestModel(modelDir);
    process.env.EMBEDDING_MODEL = modelDir;
    const config = { ...base, embeddingModel: modelDir };
    await build(root, collections, articles, config);
    const rows = [];
    for (const maxLoaded of [collections, Math.max(1, Math.round(collections / 10))]) {
      const run = spawnSync(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--measure', root, '--collections', String(collections), '--max-loaded', String(maxLoaded)],
        { env: { ...process.env, LOG_LEVEL: 'silent' }, encoding: 'utf8' },
      );
      if (run.status !== 0) throw new Error(`measuring with MAX_LOADED_COLLECTIONS=${maxLoaded} failed:\n${run.stderr}`);
      rows.push(JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>);
    }
    process.stdout.write(`RSS of one bot process, ${collections} servers x ${articles} articles, generated model (${os.cpus().length} cores, Node ${process.version})\n`);
    process.stdout.write('| MAX_LOADED_COLLECTIONS | loaded at the end | after the model loads | peak | end |\n| ---: | ---: | ---: | ---: | ---: |\n');
    for (const r of rows) process.stdout.write(`| ${r.maxLoaded} | ${r.loaded} | ${r.afterModelMb} MB | ${r.peakMb} MB | ${r.endMb} MB |\n`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
