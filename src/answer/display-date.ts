const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Month names, January first. */
export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * The one plain-text form of an article date, in the CLI and in Discord:
 * "27 Dec 2024"; with `time`, "27 Dec 2024, 17:32" when the article gives a
 * time ("17:32 UTC" or "17:32 +09:00" when it also gives a zone). Article
 * times carry no zone as a rule, so they are shown as written, never as a
 * Discord `<t:>` timestamp that would convert them to the reader's zone.
 * Anything that is not an ISO date (it never should be) is shown unchanged.
 */
export function displayDate(iso: string | null | undefined, options: { time?: boolean } = {}): string | null {
  if (!iso) return null;
  const m = ISO.exec(iso);
  if (!m) return iso;
  const [, year, month, day, hour, minute, zone] = m;
  const date = `${Number(day)} ${SHORT_MONTHS[Number(month) - 1] ?? month} ${year}`;
  if (!options.time || hour === undefined) return date;
  const zoneText = zone === undefined ? '' : zone === 'Z' ? ' UTC' : ` ${zone}`;
  return `${date}, ${hour}:${minute}${zoneText}`;
}
