import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { describeError, errorCode } from './describe-error.ts';
import { formatBytes } from './format-bytes.ts';
import type { Outcome } from './types.ts';

// O_NOFOLLOW: the path was checked by realpath, so a link appearing there now is a swap; refuse it.
// O_NONBLOCK: a pipe swapped in after the walk must not hang the indexer. Both are 0 where unsupported.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a whole file, but only if it is a regular file of at most `maxBytes` bytes.
 * The size is checked with `fstat` on the open handle before any byte is read, so a 50 MB
 * file costs one system call, and the read stops at the limit even if the file grows meanwhile.
 *
 * @returns the bytes, or a reason the file was not read (never throws for file errors)
 */
export async function readFileBytes(realPath: string, maxBytes: number): Promise<Outcome<Uint8Array>> {
  let handle;
  try {
    handle = await open(realPath, OPEN_FLAGS);
  } catch (error) {
    return { ok: false, reason: unreadableReason(error) };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      return { ok: false, reason: 'is not a regular file; it was not read' };
    }
    if (info.size > maxBytes) {
      return { ok: false, reason: tooLargeReason(info.size, maxBytes) };
    }
    // One spare byte tells "exactly at the limit" apart from "grew past it while we read".
    const buffer = Buffer.alloc(info.size + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > info.size) {
      return { ok: false, reason: 'changed size while it was being read; run the indexer again once it is saved' };
    }
    return { ok: true, value: buffer.subarray(0, filled) };
  } catch (error) {
    return { ok: false, reason: unreadableReason(error) };
  } finally {
    await handle.close().catch(() => {
      // Closing a read-only handle can only fail if it is already closed; the data is unaffected.
    });
  }
}

function tooLargeReason(size: number, maxBytes: number): string {
  return (
    `is too large: ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit; ` +
    'it was not read. Split it into smaller articles or raise MAX_FILE_MB'
  );
}

function unreadableReason(error: unknown): string {
  const detail = describeError(error);
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return `cannot be read (${detail}); give the bot's user read permission`;
    case 'ENOENT':
      return `disappeared while the folder was being read (${detail}); run the indexer again`;
    case 'ELOOP':
      return `became a symbolic link while the folder was being read (${detail}); it was not read`;
    default:
      return `cannot be read (${detail})`;
  }
}
