import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the shared datasets live by default: `../shared/datasets` beside the project folder (never copied into it). */
export const DEFAULT_DATASETS_DIR = path.resolve(fileURLToPath(new URL('../', import.meta.url)), '../shared/datasets');
