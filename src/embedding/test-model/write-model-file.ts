import { rename, rm, writeFile } from 'node:fs/promises';

/** Writes next to the target and renames, so a crash never leaves a torn file that looks complete. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new Error(`writing ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** A model folder's JSON file as Hugging Face writes them: two-space indent, final newline. */
export const json = (value: object): string => `${JSON.stringify(value, null, 2)}\n`;
