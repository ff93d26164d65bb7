import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, DEFAULT_EMBEDDING_MODEL } from '../config.ts';

/** Where a model comes from: the hub (cached under the cache folder) or a local folder. */
export type ModelSource =
  | { kind: 'hub'; id: string; cacheDir: string; hubUrl: string }
  | { kind: 'local'; id: string; dir: string };

/** The model named by configuration; `explicit` is false when the default was chosen. */
export interface ModelChoice {
  source: ModelSource;
  explicit: boolean;
}

/**
 * Interprets EMBEDDING_MODEL: an existing folder (or anything that looks like
 * a path) is a local model; otherwise a hub id such as `Xenova/all-MiniLM-L6-v2`.
 */
export function chooseModel(
  embeddingModel: string | undefined,
  cacheDir: string,
  hubUrl: string,
  cwd = process.cwd(),
): ModelChoice {
  if (embeddingModel === undefined) {
    return { source: { kind: 'hub', id: DEFAULT_EMBEDDING_MODEL, cacheDir, hubUrl }, explicit: false };
  }
  const asPath = path.resolve(cwd, embeddingModel);
  const looksLikePath = /^(\.{1,2}[\\/]|[\\/]|~)/.test(embeddingModel) || embeddingModel.split('/').length > 2;
  if (existsSync(asPath) || looksLikePath) {
    if (!existsSync(asPath) || !statSync(asPath).isDirectory()) {
      throw new ConfigError([
        `EMBEDDING_MODEL: "${embeddingModel}" is not a folder. Give a model folder (with config.json, tokenizer.json and onnx/) or a hub id such as ${DEFAULT_EMBEDDING_MODEL}.`,
      ]);
    }
    return { source: { kind: 'local', id: `local:${asPath}`, dir: asPath }, explicit: true };
  }
  return { source: { kind: 'hub', id: embeddingModel, cacheDir, hubUrl }, explicit: true };
}
