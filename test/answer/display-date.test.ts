import { describe, expect, it } from 'vitest';
import { displayDate } from '../../src/answer/display-date.ts';

describe('displayDate: one plain-text date format for the CLI and Discord', () => {
  it('shows a day as "27 Dec 2024"', () => {
    expect(displayDate('2024-12-27')).toBe('27 Dec 2024');
    expect(displayDate('2024-01-05')).toBe('5 Jan 2024');
  });
  it('drops the time unless asked, and then shows it as written with its zone if any', () => {
    expect(displayDate('2024-12-27T17:32:00')).toBe('27 Dec 2024');
    expect(displayDate('2024-12-27T17:32:00', { time: true })).toBe('27 Dec 2024, 17:32');
    expect(displayDate('2024-12-27T08:32:00Z', { time: true })).toBe('27 Dec 2024, 08:32 UTC');
    expect(displayDate('2024-12-27T17:32:00+09:00', { time: true })).toBe('27 Dec 2024, 17:32 +09:00');
    expect(displayDate('2024-12-27', { time: true })).toBe('27 Dec 2024');
  });
  it('passes unknown text through and gives null for no date', () => {
    expect(displayDate(null)).toBeNull();
    expect(displayDate('')).toBeNull();
    expect(displayDate('sometime')).toBe('sometime');
  });
});
