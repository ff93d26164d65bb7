const MAX_QUOTED = 80;

/** Quotes a front matter value for a problem message, shortened so a hostile value stays readable. */
export function quoteValue(text: string): string {
  const short = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  return `"${short}"`;
}
