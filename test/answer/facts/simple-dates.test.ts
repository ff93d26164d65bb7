import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chronoReadings, dateMentions } from '../../../src/answer/facts/date-mentions.ts';
import { simpleDateReadings, simpleReadingsEnabled } from '../../../src/answer/facts/simple-dates.ts';
import { splitSentences } from '../../../src/chunking/split-sentences.ts';

// The chrono-free reading of simple sentences must give exactly chrono's readings, or decline.
// bench/check-simple-dates.ts runs the same comparison over the XQuAD paragraphs and the news dataset.

const FRIDAY = new Date(Date.UTC(2024, 11, 27, 12));
const NO_REFERENCE = new Date(Date.UTC(2001, 0, 1, 12));

describe('reading simple dates without chrono', () => {
  it('is in use with the installed chrono-node (its parsers are the ones it was written against)', () => {
    expect(simpleReadingsEnabled).toBe(true);
  });

  it.each([
    ['He died of his wounds on Friday, officials said.', [{ text: 'on Friday,', weekday: 5 }]],
    ['The ministry said Tuesday that talks would resume.', [{ text: 'Tuesday', weekday: 2 }]],
    ['The soldier died today.', [{ text: 'today', year: 2024, month: 12, day: 27 }]],
    ['He was seen yesterday, and officials expect him to speak tomorrow.', [{ text: 'yesterday', day: 26 }, { text: 'tomorrow', day: 28 }]],
    ['About 11,000 troops arrived in 2024, officials said on Friday.', [{ text: 'on Friday', weekday: 5 }]],
    ['He sat down with officials.', [{ text: 'sat', weekday: 6 }]],
    ['Officials may announce more.', []],
    ['He was captured alive on Dec. 26 in the Kursk region.', [{ text: 'Dec. 26', month: 12, day: 26, year: null }]],
    ['The soldier died on December 27, 2024, officials said.', [{ text: 'December 27, 2024', year: 2024, month: 12, day: 27 }]],
    ['Dec. 12 was the day.', [{ text: 'Dec. 12', month: 12, day: 12 }]],
    ['Troops arrived in Russia last year, officials said.', [{ text: 'last year', year: 2023, month: null, day: null }]],
    ['He spoke this morning, officials said.', [{ text: 'this morning', year: null, day: null, weekday: null }]],
  ])('reads %j as chrono does', (text, expected) => {
    const simple = simpleDateReadings(text, FRIDAY);
    expect(simple).not.toBeNull();
    expect(simple).toEqual(chronoReadings(text, FRIDAY));
    expect(simple).toMatchObject(expected);
  });

  it.each([
    'He was captured on Dec. 26 and died three days later.',
    'On Friday, Dec. 27, he died.',
    'It ran Dec. 26-28.',
    'Feb. 29 came.',
    'The talks ran from Monday to Friday.',
    'He spoke last Friday.',
    'The vote is Friday EST, aides said.',
    'The clinic will close at the end of May.',
    'Troops arrived in May.',
    'He spoke Friday night.',
    'Right now is the time.',
    'He said it a day after Friday.',
    'The rally starts at 10 a.m. on Friday.',
    'Three or 4 people came on Friday 10 minutes late.',
  ])('leaves %j to chrono', (text) => {
    expect(simpleDateReadings(text, FRIDAY)).toBeNull();
  });

  it('gives chrono’s readings for every sentence and sentence pair of the sample articles it reads', async () => {
    const dir = path.resolve('articles');
    let read = 0;
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.md'))) {
      const body = await readFile(path.join(dir, file), 'utf8');
      const sentences = splitSentences(body).map((s) => body.slice(s.start, s.end));
      for (const text of [...sentences, ...sentences.slice(1).map((s, i) => `${sentences[i]} ${s}`)]) {
        for (const instant of [FRIDAY, NO_REFERENCE]) {
          const simple = simpleDateReadings(text, instant);
          if (simple === null) continue;
          read++;
          expect(simple, text).toEqual(chronoReadings(text, instant));
        }
      }
    }
    expect(read).toBeGreaterThan(50);
  });

  it('leaves the stated dates unchanged: "on Friday" still counts back from the article date', () => {
    const dates = { reference: { day: { year: 2024, month: 12, day: 27 }, quote: 'the article’s date' }, anchor: null };
    expect(dateMentions('He died on Friday.', dates).map((m) => m.value)).toEqual(['2024-12-27']);
    expect(dateMentions('He died yesterday.', dates).map((m) => m.value)).toEqual(['2024-12-26']);
  });
});
