import type { Outcome } from './types.ts';

/** Text encodings an article file may use. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** A decoded file: BOM removed, every CRLF or lone CR turned into LF. */
export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/**
 * Decodes an article file's bytes into the text that offsets refer to.
 *
 * UTF-8 is the norm; a UTF-8 BOM is dropped. UTF-16 is accepted only with a byte-order mark,
 * because without one it cannot be told from binary data (Windows Notepad writes the BOM).
 * Decoding is strict: invalid bytes are reported with their offset instead of becoming U+FFFD,
 * which would silently corrupt quotes. Nothing else is changed: zero-width characters, control
 * characters and odd whitespace stay, so offsets into the text match what the file holds.
 *
 * @returns the text, or a reason naming the first bad byte and what to do
 */
export function decodeText(bytes: Uint8Array): Outcome<DecodedText> {
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return { ok: false, reason: 'is UTF-32 text, which is not supported; save the file as UTF-8' };
  }
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes, 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes, 'utf-16be');

  const nul = bytes.indexOf(0);
  if (nul !== -1) return { ok: false, reason: binaryReason(nul) };
  try {
    // The default (ignoreBOM: false) consumes a leading UTF-8 BOM, which is what we want.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, value: { text: normaliseNewlines(text), encoding: 'utf-8' } };
  } catch {
    const offset = findInvalidUtf8(bytes);
    const byte = bytes[offset];
    if (byte === undefined) return { ok: false, reason: 'is not valid UTF-8; save the file as UTF-8' };
    return {
      ok: false,
      reason:
        `is not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} at offset ${offset}, ` +
        `line ${lineAt(bytes, offset)}); save the file as UTF-8`,
    };
  }
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Outcome<DecodedText> {
  const label = encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
  } catch {
    return {
      ok: false,
      reason: `starts with a ${label} byte-order mark but is not valid ${label} (odd length or a broken surrogate pair); save the file as UTF-8`,
    };
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) return { ok: false, reason: binaryReason(2 + nul * 2) };
  return { ok: true, value: { text: normaliseNewlines(text), encoding } };
}

function binaryReason(offset: number): string {
  return (
    `looks like a binary file (NUL byte at offset ${offset}); only text files are indexed. ` +
    'If it is UTF-16 text without a byte-order mark, save it as UTF-8'
  );
}

/** CRLF and lone CR become LF, so every consumer sees one kind of line break. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence (overlong forms, surrogates and
 * code points above U+10FFFF included), or -1 if the bytes are valid. Only used to explain an error.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let min: number;
    if (lead >= 0xc2 && lead <= 0xdf) [length, min] = [2, 0x80];
    else if (lead >= 0xe0 && lead <= 0xef) [length, min] = [3, 0x800];
    else if (lead >= 0xf0 && lead <= 0xf4) [length, min] = [4, 0x10000];
    else return i;
    let codePoint = lead & (0x7f >> length);
    for (let k = 1; k < length; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
