import { describe, expect, it } from 'vitest';
import { AddRateLimit } from '../../src/discord/add-rate-limit.ts';

const A = '111111111111111111';
const B = '222222222222222222';

describe('the /article add rate limit', () => {
  it('holds links tighter than files, per server, over a sliding hour, and says when to try again', () => {
    let now = Date.UTC(2025, 0, 1, 12, 0, 0);
    const limit = new AddRateLimit({ addsPerHour: 3, linksPerHour: 1 }, () => now);
    limit.take(A, 'link');
    now += 60_000;
    expect(() => limit.take(A, 'link')).toThrow(`This server has added 1 link in the last hour, the most allowed; try again <t:${Date.UTC(2025, 0, 1, 13, 0, 0) / 1000}:R>.`);
    limit.take(A, 'file');
    limit.take(B, 'link'); // another server has its own allowance
    now += 60_000;
    limit.take(A, 'file');
    expect(() => limit.take(A, 'file')).toThrow(/added 3 articles in the last hour/);
    now = Date.UTC(2025, 0, 1, 13, 0, 1); // the first link left the window
    limit.take(A, 'link');
  });
});
