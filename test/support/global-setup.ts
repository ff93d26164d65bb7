import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { makeTestModel } from '../../src/embedding/test-model/make-test-model.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of the generated BERT-shaped model every model-backed test loads. */
    testModelDir: string;
  }
}

/** Generates the test model once per run; suites load it through the real transformers.js path. */
export default async function setup(project: TestProject) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'article-bot-model-'));
  const dir = path.join(root, 'model');
  await makeTestModel(dir);
  project.provide('testModelDir', dir);
  return async () => {
    await rm(root, { recursive: true, force: true });
  };
}
