import { describe, expect, it } from 'vitest';
import { normaliseDate } from '../../src/articles/normalise-date.ts';

describe('normaliseDate', () => {
  it.each([
    ['2024-12-27', '2024-12-27'],
    [' 2024-12-27 ', '2024-12-27'],
    ['2024-12-27 17:32', '2024-12-27T17:32:00'],
    ['2024-12-27T17:32:05.250', '2024-12-27T17:32:05.250'],
    ['2024-12-27T08:32:00Z', '2024-12-27T08:32:00Z'],
    ['2024-12-27T17:32+0900', '2024-12-27T17:32:00+09:00'],
    ['2024-02-29', '2024-02-29'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseDate(input)).toEqual({ ok: true, value: expected });
  });

  it('turns a YAML 1.1 Date at midnight UTC into a plain date, and any other Date into a timestamp', () => {
    expect(normaliseDate(new Date('2024-12-27T00:00:00Z'))).toEqual({ ok: true, value: '2024-12-27' });
    expect(normaliseDate(new Date('2024-12-27T08:32:00Z'))).toEqual({ ok: true, value: '2024-12-27T08:32:00.000Z' });
  });

  it.each([
    ['Dec. 27', /not an ISO date/],
    ['27/12/2024', /not an ISO date/],
    [2024, /not an ISO date/],
    ['2023-02-29', /not a real calendar date/],
    ['2024-13-01', /not a real calendar date/],
    ['2024-12-27 24:00', /impossible time of day/],
  ])('refuses %j rather than guess', (input, reason) => {
    expect(normaliseDate(input)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });
});
