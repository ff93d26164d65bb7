import { MONTHS } from '../display-date.ts';

/** A day, with the year only when the article gives one. */
export interface Day {
  year: number | null;
  month: number;
  day: number;
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const utc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day, 12));

/** Whether year-month-day is a real calendar day (a leap year is assumed when the year is unknown). */
export function isRealDay(year: number | null, month: number, day: number): boolean {
  if (!Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year ?? 2024, month, 0)).getUTCDate();
}

/** `day` shifted by `days`: exact with a year; without one, counted in a leap year, which is exact within the same or the next month except across February's end. */
export function addDays(day: Day, days: number): Day {
  const d = utc(day.year ?? 2024, day.month, day.day);
  d.setUTCDate(d.getUTCDate() + days);
  return { year: day.year === null ? null : d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export const weekdayOf = (day: Day): number | null => (day.year === null ? null : utc(day.year, day.month, day.day).getUTCDay());

/** ISO 8601: `2024-12-27`, or the month-day form `--12-27` without a year. */
export const dayValue = (d: Day) =>
  `${d.year === null ? '-' : String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** "27 December 2024", or "27 December" without a year. */
export const dayLabel = (d: Day) => `${d.day} ${MONTHS[d.month - 1]}${d.year === null ? '' : ` ${d.year}`}`;

/** "Friday, 27 December 2024" when the weekday is known. */
export function dayLabelWithWeekday(d: Day): string {
  const weekday = weekdayOf(d);
  return weekday === null ? dayLabel(d) : `${WEEKDAYS[weekday]}, ${dayLabel(d)}`;
}

/** Parses a normalised date value back: `YYYY-MM-DD`, `--MM-DD`, `YYYY-MM`, `--MM` (a month without its year), `YYYY`. */
export function parseDateValue(value: string): { year: number | null; month: number | null; day: number | null } | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  m = /^--(\d{2})-(\d{2})$/.exec(value);
  if (m) return { year: null, month: Number(m[1]), day: Number(m[2]) };
  m = /^--(\d{2})$/.exec(value);
  if (m) return { year: null, month: Number(m[1]), day: null };
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: null };
  m = /^(\d{4})$/.exec(value);
  if (m) return { year: Number(m[1]), month: null, day: null };
  return null;
}

/**
 * The year of a day written without one ("Dec. 26") in an article dated
 * `reference`: news reports what has happened, so the latest such day not
 * more than two weeks after the article's date.
 */
export function inferYear(month: number, day: number, reference: Day & { year: number }): number {
  const candidate = utc(reference.year, month, day).getTime();
  const limit = utc(reference.year, reference.month, reference.day).getTime() + 14 * 86_400_000;
  return candidate > limit ? reference.year - 1 : reference.year;
}
