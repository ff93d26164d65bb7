import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/fs/atomic-file.ts';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'atomic-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the file with the new content and leaves no temporary file beside it', async () => {
    const file = path.join(dir, 'config.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, '{"new":true}\n');
    await writeFileAtomic(path.join(dir, 'model.onnx'), new Uint8Array([1, 2, 3]));
    expect(await readFile(file, 'utf8')).toBe('{"new":true}\n');
    expect([...(await readFile(path.join(dir, 'model.onnx')))]).toEqual([1, 2, 3]);
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'model.onnx']);
  });

  it('names the file it could not write and leaves no temporary file behind', async () => {
    // A non-empty folder where the file should go: the data is written, the rename fails.
    const taken = path.join(dir, 'taken');
    await mkdir(path.join(taken, 'inside'), { recursive: true });
    await expect(writeFileAtomic(taken, 'new')).rejects.toThrow(`writing ${taken}: `);
    await expect(writeFileAtomic(path.join(dir, 'missing', 'x.json'), 'new')).rejects.toThrow(/^writing .*x\.json: ENOENT/);
    expect(await readdir(dir)).toEqual(['taken']);
  });
});
