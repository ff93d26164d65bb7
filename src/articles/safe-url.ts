import { quoteValue } from './quote-value.ts';
import type { Outcome } from './types.ts';

/**
 * Keeps a front matter URL only if it is an absolute http: or https: URL. Anything else
 * (`javascript:`, `data:`, `file:`, relative paths) would become a clickable link in a citation,
 * so it is refused here rather than trusted downstream.
 *
 * @returns the URL as the WHATWG parser serialises it, or a reason it was dropped
 */
export function safeUrl(value: unknown): Outcome<string> {
  const text = typeof value === 'string' ? value.trim() : String(value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `url ${quoteValue(text)} is not an absolute URL; it was dropped. Use a full https:// address` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      reason: `url uses the unsafe scheme "${url.protocol}" and was dropped; only http: and https: links are kept`,
    };
  }
  return { ok: true, value: url.href };
}

