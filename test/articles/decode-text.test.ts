import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeText, findInvalidUtf8 } from '../../src/articles/decode-text.ts';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('decodeText', () => {
  it('drops a UTF-8 BOM and turns CRLF and lone CR into LF, keeping every other character', () => {
    const result = decodeText(Buffer.from('\uFEFFa\r\nb\rc\u200B\t\n', 'utf8'));
    expect(result).toEqual({ ok: true, value: { text: 'a\nb\nc\u200B\t\n', encoding: 'utf-8' } });
  });

  it('decodes UTF-16BE with a byte-order mark, including a surrogate pair', () => {
    expect(decodeText(bytes(0xfe, 0xff, 0x00, 0x41, 0xd8, 0x3d, 0xde, 0x80))).toEqual({
      ok: true,
      value: { text: 'A🚀', encoding: 'utf-16be' },
    });
  });

  it('refuses UTF-16 with an unpaired surrogate instead of inventing U+FFFD', () => {
    const result = decodeText(bytes(0xff, 0xfe, 0x3d, 0xd8, 0x41, 0x00));
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('not valid UTF-16LE') });
  });

  it('calls a file with NUL characters binary, even when it has a UTF-16 BOM', () => {
    expect(decodeText(bytes(0xff, 0xfe, 0x41, 0x00, 0x00, 0x00))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('NUL byte at offset 4'),
    });
  });

  it('names the first invalid UTF-8 byte with its offset and line', () => {
    const result = decodeText(Buffer.concat([Buffer.from('ok\nok\né'), bytes(0xc3, 0x28)]));
    expect(result).toEqual({
      ok: false,
      reason: 'is not valid UTF-8 (byte 0xc3 at offset 8, line 3); save the file as UTF-8',
    });
  });
});

describe('findInvalidUtf8', () => {
  it.each([
    ['an overlong slash', [0x2f, 0xc0, 0xaf], 1],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], 0],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated sequence at the end', [0x41, 0xe2, 0x82], 1],
    ['a stray continuation byte', [0x41, 0x80], 1],
    ['valid text with a 4-byte character', [0xf0, 0x9f, 0x9a, 0x80, 0x41], -1],
  ])('finds %s', (_name, input, expected) => {
    expect(findInvalidUtf8(Uint8Array.from(input))).toBe(expected);
  });

  it('agrees with Node on which of 5,000 random byte strings are valid UTF-8', () => {
    let seed = 42;
    // A small deterministic generator, so a failure reproduces.
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pool = [0x41, 0x7f, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x90, 0x8f];
    const disagreements: string[] = [];
    for (let n = 0; n < 5000; n += 1) {
      const input = Uint8Array.from({ length: 1 + Math.floor(random() * 6) }, () => pool[Math.floor(random() * pool.length)]!);
      if ((findInvalidUtf8(input) === -1) !== isUtf8(input)) disagreements.push(Buffer.from(input).toString('hex'));
    }
    expect(disagreements).toEqual([]);
  });
});
