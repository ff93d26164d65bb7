import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadEngineConfig, type EngineConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE_ARTICLES = path.join(PROJECT_ROOT, 'articles');

export interface Workspace {
  root: string;
  articlesDir: string;
  indexDir: string;
  /** Engine settings pointing at this workspace and the generated model. */
  config: EngineConfig;
  /** Environment for child processes (CLI, bot) with the same settings. */
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

/** A private copy of the sample articles, an empty index folder and the generated model. */
export async function createWorkspace(options: { copyArticles?: boolean; env?: Record<string, string> } = {}): Promise<Workspace> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'article-bot-'));
  const articlesDir = path.join(root, 'articles');
  const indexDir = path.join(root, 'index');
  if (options.copyArticles ?? true) await cp(SAMPLE_ARTICLES, articlesDir, { recursive: true });
  const settings = {
    ARTICLES_DIR: articlesDir,
    INDEX_DIR: indexDir,
    EMBEDDING_MODEL: inject('testModelDir'),
    MODEL_CACHE_DIR: path.join(root, 'cache'),
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  return {
    root,
    articlesDir,
    indexDir,
    config: loadEngineConfig(settings, root),
    env: { ...process.env, ...settings, NO_COLOR: '1', FORCE_COLOR: '0' },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * An engine (generated model, inline embedding) over a fresh workspace,
 * opened before the suite's tests and closed with its workspace after them:
 * over a copy of the sample articles, or over `articles` alone (file name →
 * Markdown). Read `engine` and `workspace` inside tests, not at collection.
 */
export function useEngine(options: { articles?: Record<string, string>; env?: Record<string, string> } = {}): {
  readonly engine: Engine;
  readonly workspace: Workspace;
} {
  let workspace: Workspace | undefined;
  let engine: Engine | undefined;
  beforeAll(async () => {
    workspace = await createWorkspace({ copyArticles: options.articles === undefined, ...(options.env ? { env: options.env } : {}) });
    if (options.articles) {
      await mkdir(workspace.articlesDir, { recursive: true });
      for (const [name, text] of Object.entries(options.articles)) await writeFile(path.join(workspace.articlesDir, name), text);
    }
    engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
  });
  afterAll(async () => {
    await engine?.close();
    await workspace?.cleanup();
  });
  return {
    get engine() {
      if (!engine) throw new Error('the engine opens in beforeAll: use it inside a test');
      return engine;
    },
    get workspace() {
      if (!workspace) throw new Error('the workspace is made in beforeAll: use it inside a test');
      return workspace;
    },
  };
}
