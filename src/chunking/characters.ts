/**
 * Character classes shared by the sentence splitter and the long-span cutter.
 * Everything works on UTF-16 code unit offsets, the unit of `String#slice`.
 */

/**
 * Whether the code unit at `index` is blank: JavaScript whitespace (`\s`, which
 * includes NBSP and the BOM), NEL, and ZERO WIDTH SPACE.
 *
 * ZWSP is invisible and marks a break opportunity, so it is trimmed and may be
 * cut at. ZERO WIDTH JOINER and WORD JOINER are deliberately *not* blank: a ZWJ
 * glues emoji sequences together (👨‍👩‍👧) and a word joiner forbids a break.
 */
export function isBlankAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Whether the code unit at `index` ends a line (LF, CR, VT, FF, NEL, LS, PS). */
export function isLineBreakAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return (code >= 0x0a && code <= 0x0d) || code === 0x85 || code === 0x2028 || code === 0x2029;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

// Segmentation must start at a known boundary: started in the middle of a run
// of flags it would pair the regional indicators wrongly. The caller's floor
// (the start of the part being cut) is one. Segmenting from it costs about as
// much as counting the tokens of the same prefix, which the caller does anyway.
// Parts longer than EXACT_REACH (far beyond a few hundred tokens) use a window
// instead, which is wrong only inside a cluster or a run of flags that long.
const EXACT_REACH = 4096;
// Real clusters (family emoji with skin tones, tag flags) stay well under this.
const WINDOW = 64;

/**
 * The start of the grapheme cluster (user-perceived character) containing
 * `index`, but not before `floor`. Cutting there never splits a surrogate pair,
 * an emoji ZWJ sequence, a flag or a letter from its combining marks.
 */
export function graphemeStartAtOrBefore(text: string, index: number, floor: number): number {
  if (index <= floor) return floor;
  if (index >= text.length) return text.length;
  const from = index - floor <= EXACT_REACH ? floor : index - WINDOW;
  const window = text.slice(from, Math.min(text.length, index + WINDOW));
  const segment = graphemes.segment(window).containing(index - from);
  const start = segment === undefined ? index : from + segment.index;
  return Math.max(floor, avoidSurrogateSplit(text, start));
}

/**
 * The end of the grapheme cluster containing `index` (always > `index`), but
 * not after `ceiling`. Used to force progress when not even one cluster fits.
 */
export function graphemeEndAfter(text: string, index: number, ceiling: number): number {
  if (index >= ceiling) return ceiling;
  const to = Math.min(ceiling, index + WINDOW);
  const window = text.slice(index, to);
  const segment = graphemes.segment(window).containing(0);
  const end = segment === undefined ? index + 1 : index + segment.segment.length;
  // A window that ends inside a giant cluster (thousands of combining marks)
  // still must not end between the two halves of a surrogate pair.
  const safe = avoidSurrogateSplit(text, end);
  return Math.min(ceiling, safe > index ? safe : index + (isHighSurrogateAt(text, index) ? 2 : 1));
}

function isHighSurrogateAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff;
}

function avoidSurrogateSplit(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff && isHighSurrogateAt(text, index - 1) ? index - 1 : index;
}
