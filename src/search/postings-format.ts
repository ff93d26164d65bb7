/**
 * The keyword index's inverted lists: for the term at position t of the
 * sorted `terms`, the chunks containing it are `rows[offsets[t] .. offsets[t+1])`
 * (ascending), each with its count in `tf`; `lengths[row]` is the number of
 * distinct terms in chunk `row`.
 */
export interface Postings {
  terms: string[];
  offsets: Uint32Array;
  rows: Uint32Array;
  tf: Uint16Array;
  lengths: Uint16Array;
}

/**
 * File layout (little-endian), every array 4-byte aligned so it is read in place:
 *
 *   "KWIX" u32 version  u32 rows  u32 terms  u32 postings  u32 termBytes
 *   u32 offsets[terms + 1]  u32 rows[postings]  u16 tf[postings]  (pad)  u16 lengths[rows]  (pad)
 *   the terms, UTF-8, joined by "\n" (the analyser never yields a line break)
 */
const MAGIC = 0x5849574b; // "KWIX"
const VERSION = 1;
const HEADER = 24;

const pad4 = (n: number) => (n + 3) & ~3;
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function layout(rows: number, terms: number, postings: number) {
  const offsets = HEADER;
  const rowList = offsets + (terms + 1) * 4;
  const tf = rowList + postings * 4;
  const lengths = pad4(tf + postings * 2);
  const text = pad4(lengths + rows * 2);
  return { offsets, rowList, tf, lengths, text };
}

export function encodePostings(p: Postings): Uint8Array {
  if (!littleEndian) throw new Error('saving the keyword index needs a little-endian machine');
  const text = Buffer.from(p.terms.join('\n'), 'utf8');
  const at = layout(p.lengths.length, p.terms.length, p.rows.length);
  const bytes = new Uint8Array(at.text + text.byteLength);
  const header = new DataView(bytes.buffer);
  [MAGIC, VERSION, p.lengths.length, p.terms.length, p.rows.length, text.byteLength].forEach((value, i) =>
    header.setUint32(i * 4, value, true),
  );
  const put = (offset: number, array: Uint32Array | Uint16Array) =>
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
  put(at.offsets, p.offsets);
  put(at.rowList, p.rows);
  put(at.tf, p.tf);
  put(at.lengths, p.lengths);
  bytes.set(text, at.text);
  return bytes;
}

export function decodePostings(input: Uint8Array): Postings {
  if (!littleEndian) throw new Error('reading the keyword index needs a little-endian machine');
  // Typed-array views need aligned offsets; a Buffer slice may not be.
  const bytes = input.byteOffset % 4 === 0 ? input : input.slice();
  const fail = (why: string): never => {
    throw new Error(`the keyword index is malformed: ${why}`);
  };
  if (bytes.byteLength < HEADER) fail('too short');
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER);
  const [magic, version, rowCount, termCount, postingCount, textBytes] = [0, 1, 2, 3, 4, 5].map((i) => header.getUint32(i * 4, true)) as [
    number, number, number, number, number, number,
  ];
  if (magic !== MAGIC) fail('not a keyword index file');
  if (version !== VERSION) fail(`format version ${version}, expected ${VERSION}`);
  const at = layout(rowCount, termCount, postingCount);
  if (bytes.byteLength !== at.text + textBytes) fail(`${bytes.byteLength} bytes, expected ${at.text + textBytes}`);
  const view = <T>(make: new (buffer: ArrayBufferLike, offset: number, length: number) => T, offset: number, length: number) =>
    new make(bytes.buffer, bytes.byteOffset + offset, length);
  const offsets = view(Uint32Array, at.offsets, termCount + 1);
  const rows = view(Uint32Array, at.rowList, postingCount);
  const tf = view(Uint16Array, at.tf, postingCount);
  const lengths = view(Uint16Array, at.lengths, rowCount);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + at.text, textBytes).toString('utf8');
  const terms = termCount === 0 ? [] : text.split('\n');
  if (terms.length !== termCount) fail(`${terms.length} terms, expected ${termCount}`);
  // The store's checksum vouches for the contents; these checks catch a writer bug cheaply.
  if (offsets[0] !== 0 || offsets[termCount] !== postingCount) fail('term offsets do not span the postings');
  return { terms, offsets, rows, tf, lengths };
}
