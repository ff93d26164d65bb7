import { quoteValue } from './quote-value.ts';
import type { Outcome } from './types.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?[ \t]*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Normalises a front matter date to ISO 8601: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when a time is
 * given, with the zone (`Z`, `+09:00`) only if the file states one. A time without a zone is kept
 * as local time rather than converted, because converting would invent a zone the source never gave.
 *
 * Only ISO-like input is accepted: "Dec. 27" or "27/12/2024" are ambiguous, and guessing a year or
 * a day order would put a wrong date in a citation.
 *
 * @param value - a YAML string, or a `Date` if a YAML 1.1 schema resolved a timestamp
 */
export function normaliseDate(value: unknown): Outcome<string> {
  if (value instanceof Date) return fromDate(value);
  const text = typeof value === 'string' ? value.trim() : String(value);
  const match = ISO_DATE.exec(text);
  if (match === null) return { ok: false, reason: unsupported(text) };
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone] = match;
  if (!isCalendarDate(Number(year), Number(month), Number(day))) {
    return { ok: false, reason: `date ${quoteValue(text)} is not a real calendar date; it was ignored` };
  }
  const date = `${year}-${month}-${day}`;
  if (hour === undefined || minute === undefined) return { ok: true, value: date };
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    return { ok: false, reason: `date ${quoteValue(text)} has an impossible time of day; it was ignored` };
  }
  return { ok: true, value: `${date}T${hour}:${minute}:${second}${fraction}${formatZone(zone)}` };
}

function fromDate(value: Date): Outcome<string> {
  if (Number.isNaN(value.getTime())) return { ok: false, reason: 'date is not a valid date; it was ignored' };
  const iso = value.toISOString();
  // YAML 1.1 reads a bare 2024-12-27 as midnight UTC: that is a date, not a time.
  return { ok: true, value: iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso };
}

function formatZone(zone: string | undefined): string {
  if (zone === undefined) return '';
  if (zone.toUpperCase() === 'Z') return 'Z';
  const digits = zone.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3)}`;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC avoids DST surprises.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function unsupported(text: string): string {
  return `date ${quoteValue(text)} is not an ISO date; it was ignored. Write it as YYYY-MM-DD, e.g. 2024-12-27, or 2024-12-27T17:32 with a time`;
}
