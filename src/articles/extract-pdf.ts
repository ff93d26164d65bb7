import type { Outcome } from './types.ts';

/** The text of a PDF (one paragraph a line) and what its document information says. */
export interface ExtractedPdf {
  text: string;
  title: string | null;
  byline: string | null;
  /** ISO date from the PDF's CreationDate, when it has one. */
  date: string | null;
}

// Lines ending like this end a paragraph; other lines were wrapped by the layout and are joined.
const PARAGRAPH_END = /[.!?:;"'”’)\]]$/;

/**
 * Reads the text layer of a PDF with unpdf (Mozilla's pdf.js, packaged for servers). pdf.js is
 * loaded only when a PDF is read: most folders have none, and it is a large module.
 *
 * pdf.js gives one visual line at a time; the sentence splitter would end a sentence at each of
 * them, so lines are joined into paragraphs: a line continues when it does not end a sentence and
 * is not much shorter than the page's usual line (a short unpunctuated line is a heading).
 */
export async function extractPdf(bytes: Uint8Array): Promise<Outcome<ExtractedPdf>> {
  const { getDocumentProxy, extractText, getMeta } = await import('unpdf');
  let pages: string[];
  let info: Record<string, unknown>;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      pages = (await extractText(pdf, { mergePages: false })).text;
      info = ((await getMeta(pdf)).info ?? {}) as Record<string, unknown>;
    } finally {
      await pdf.destroy();
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const reason = /password/i.test(detail)
      ? 'is a password-protected PDF; upload a copy without a password'
      : `is a PDF that cannot be read (${detail}); export it again or upload the text instead`;
    return { ok: false, reason };
  }
  const text = pages.map(joinLines).filter((page) => page !== '').join('\n\n');
  if (text.replace(/\s/g, '') === '') {
    return { ok: false, reason: 'is a PDF without a text layer (a scan or images only); upload the text or a PDF with selectable text' };
  }
  return {
    ok: true,
    value: { text, title: infoText(info['Title']), byline: infoText(info['Author']), date: pdfDate(info['CreationDate']) },
  };
}

function joinLines(page: string): string {
  const lines = page.split('\n').map((line) => line.replace(/\s+/g, ' ').trim());
  const lengths = lines.filter(Boolean).map((line) => line.length).sort((a, b) => a - b);
  const usual = lengths[Math.floor(lengths.length / 2)] ?? 0;
  const paragraphs: string[] = [];
  let current = '';
  for (const line of lines) {
    if (line === '') {
      if (current) paragraphs.push(current);
      current = '';
      continue;
    }
    // A word hyphenated across lines ("recon-" + "struction") is mended.
    current = current === '' ? line : /[a-z]-$/.test(current) && /^[a-z]/.test(line) ? current.slice(0, -1) + line : `${current} ${line}`;
    if (PARAGRAPH_END.test(line) || line.length < usual * 0.6) {
      paragraphs.push(current);
      current = '';
    }
  }
  if (current) paragraphs.push(current);
  return paragraphs.join('\n');
}

function infoText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/** `D:20241227103000+09'00'` (PDF 1.7, §7.9.4) to `2024-12-27T10:30:00+09:00`; only the date when no time is given. */
export function pdfDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value.trim());
  if (!match) return null;
  const [, year, month = '01', day = '01', hour, minute, second = '00', zone] = match;
  const date = `${year}-${month}-${day}`;
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return null;
  if (hour === undefined || minute === undefined) return date;
  const offset = zone === undefined ? '' : zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5) || '00'}`;
  return `${date}T${hour}:${minute}:${second}${offset}`;
}
