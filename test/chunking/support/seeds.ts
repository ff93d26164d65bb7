import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The shared sample articles, next to the project. */
export const seedsDirectory = path.resolve(projectRoot, '../shared/seeds');

export const seedsAvailable = existsSync(seedsDirectory);

/** Appended to test names so a skipped run says why. */
export const seedsNote = seedsAvailable ? '' : ` (skipped: no sample articles at ${seedsDirectory})`;

/** Reads `000_….txt` etc. by their number prefix ("000"). */
export function readSeed(prefix: string): string {
  const name = seedNames().find((file) => file.startsWith(`${prefix}_`));
  if (name === undefined) throw new Error(`no sample article ${prefix}_*.txt in ${seedsDirectory}`);
  return readFileSync(path.join(seedsDirectory, name), 'utf8');
}

export function readAllSeeds(): { name: string; text: string }[] {
  return seedNames().map((name) => ({ name, text: readFileSync(path.join(seedsDirectory, name), 'utf8') }));
}

function seedNames(): string[] {
  return readdirSync(seedsDirectory)
    .filter((file) => file.endsWith('.txt'))
    .sort();
}
