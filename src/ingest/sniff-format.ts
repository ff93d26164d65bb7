import { fileTypeFromBuffer } from 'file-type';
import type { ArticleFormat } from '../articles/read-article.ts';
import type { Outcome } from '../articles/types.ts';

// A web page announces itself in its first bytes: a doctype, an <html>, <head> or <body> tag
// (comments and an XML declaration may come first).
const HTML_START = /^(?:\uFEFF)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b/i;

/**
 * What kind of article `bytes` hold, judged from the bytes alone (never from a file name or a
 * server's label): a PDF by its signature, a web page by its opening tags, and anything else that
 * no binary signature matches is read as Markdown or plain text (the text decoder then refuses
 * what is not text). Images, archives, office files and other binary formats are refused by name.
 */
export async function sniffFormat(bytes: Uint8Array): Promise<Outcome<ArticleFormat>> {
  const detected = await fileTypeFromBuffer(bytes);
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('utf8');
  if (detected?.mime === 'application/pdf') return { ok: true, value: 'pdf' };
  if (HTML_START.test(head)) return { ok: true, value: 'html' };
  if (detected !== undefined) {
    return {
      ok: false,
      reason: `is a ${detected.ext.toUpperCase()} file (${detected.mime}), not an article; only Markdown, plain text, web pages (HTML) and PDFs can be added`,
    };
  }
  return { ok: true, value: 'text' };
}
