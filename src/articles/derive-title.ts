/** Titles longer than this are cut: they end up in embed titles and citation lines. */
export const MAX_TITLE_CHARS = 200;

// Zero-width and BOM characters are not matched by \s, but a line made only of them is still blank.
const INVISIBLE = '\\s\\u200B-\\u200D\\u2060\\uFEFF';
const EDGES = new RegExp(`^[${INVISIBLE}]+|[${INVISIBLE}]+$`, 'gu');
const BLANK = new RegExp(`^[${INVISIBLE}]*$`, 'u');

/** Trims whitespace and invisible characters (zero-width space, joiners, BOM) from both ends. */
export function trimVisible(text: string): string {
  return text.replace(EDGES, '');
}

/** True when the text has no visible character: empty, whitespace, or only zero-width characters. */
export function isBlank(text: string): boolean {
  return BLANK.test(text);
}

/**
 * A title taken from the body: the first line with visible text, trimmed, with Markdown ATX heading
 * marks (`## Title ##`) removed, capped at {@link MAX_TITLE_CHARS}. Null if no line has text.
 */
export function titleFromBody(body: string): string | null {
  let start = 0;
  while (start <= body.length) {
    const newline = body.indexOf('\n', start);
    const end = newline === -1 ? body.length : newline;
    // Only the head of a line can reach the title, so a 2 MB single line is not copied whole.
    const head = body.slice(start, Math.min(end, start + MAX_TITLE_CHARS * 4));
    const title = trimVisible(trimVisible(head).replace(/^#{1,6}(?=\s|$)/, '').replace(/\s#+$/, ''));
    if (title !== '') return capTitle(title);
    if (newline === -1) break;
    start = newline + 1;
  }
  return null;
}

/** The file name without folder and extension, for a file whose body yields no title. */
export function titleFromPath(id: string): string {
  const name = id.slice(id.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Cuts a title to {@link MAX_TITLE_CHARS} code points, never splitting a surrogate pair, adding "…". */
export function capTitle(title: string): string {
  const codePoints = Array.from(title.slice(0, MAX_TITLE_CHARS * 2));
  if (codePoints.length <= MAX_TITLE_CHARS && title.length <= MAX_TITLE_CHARS * 2) return title;
  return `${trimVisible(codePoints.slice(0, MAX_TITLE_CHARS - 1).join(''))}…`;
}
