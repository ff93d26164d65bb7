/**
 * Checks the chrono-free date reading (src/answer/facts/simple-dates.ts)
 * against chrono itself: on every sentence, every pair of adjacent sentences
 * and every paragraph of the sample articles, the XQuAD paragraphs and the
 * news dataset, read from several reference dates, wherever the simple
 * reading answers it must equal chrono's. Prints how many texts it answers
 * and every difference; exits 1 on any difference.
 *
 *   npx tsx bench/check-simple-dates.ts [--datasets DIR] [--articles DIR]
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { splitSentences } from '../src/chunking/split-sentences.ts';
import { chronoReadings, MAY_HOLD_DATE } from '../src/answer/facts/date-mentions.ts';
import { simpleDateReadings, simpleReadingsEnabled } from '../src/answer/facts/simple-dates.ts';
import { readNewsDocuments } from './bench-documents.ts';
import { DEFAULT_DATASETS_DIR } from './datasets-dir.ts';
import { readXquad } from './xquad.ts';

const { values } = parseArgs({ options: { datasets: { type: 'string', default: DEFAULT_DATASETS_DIR }, articles: { type: 'string', default: 'articles' } } });

/** Texts that probe the edges of the simple reading: joined readings, time zones, modifiers, "may". */
const EDGES = [
  'He died on Friday.', 'On Friday, the ministry said so.', 'It happened Monday to Friday.', 'Friday, today, he said.', 'The talks ran from Monday through Friday.',
  'The vote is Friday EST according to aides.', 'The vote is Friday Est according to aides.', 'Officials said (Friday) that he died.', 'He sat down on Sunday.',
  'The sun rose on Wednesday.', 'He may come Friday.', 'He may come in May.', 'May', 'may', 'Theresa May spoke on Tuesday.', 'last Friday he spoke', 'Friday of next week',
  'this weekend', 'on weekdays', 'He left today.', 'He left yesterday and came back tomorrow.', 'Now is the time.', 'now', 'It is now ET.', 'right now, officials said',
  'Tonight we dine.', 'for they were tired on Monday', 'in as much as Tuesday goes', 'the day before Monday', 'a day after Friday', 'Friday night', 'Friday morning',
  'About 11,000 troops are in Russia.', 'In 2024, 3,000 were killed.', 'He left at 10 the next day.', 'He left at 10 a.m.', 'It opens at 10 EST.', 'It opens 10 +02 daily.',
  'Friday 10 people died.', '3 or 4 were hurt.', 'It took 10.30 hours.', 'Open 10-12 daily.', 'Open 10 to 12 daily.', 'On 2024-12-26 he died.', 'On 12/26 he died.', '3 days ago', 'in 3 days',
  'The 1,100 figure, of which only 100 were confirmed kills.', 'Score 24:00 exactly.', '10:30 was the time', 'the 2,500 troops of 2023',
  'He died on Dec. 27.', 'He died on Dec. 27, 2024, officials said.', 'On Friday, Dec. 27, he died.', 'Dec. 12 was the day.', 'Feb. 29 came.', 'Feb. 29, 2023 came.', 'Nov. 31 is no day.',
  'It ran Dec. 26-28.', 'It ran Dec. 26 to Jan. 2.', 'in Dec. 26', 'Dec. 26 2024 was it', 'By Dec. 26 EST it ended.', 'The end of Dec. 26', 'Sept. 9th, 2024', 'March 3rd', 'May 5 they came', 'may 5 people',
  'He spoke this morning.', 'It rained last night.', 'It happened last week.', 'Profits rose this year and will rise next year.', 'By the end of this month it ends.', 'Sales fell this week EST.',
  'The night ET crew', 'the night shift', 'last year\'s record', 'over the past year', 'after this week', 'this month, officials said', 'Friday morning', 'Sunday night, officials said', 'at noon on Friday',
  'On Fri. the market fell.', 'Thurs. and Sat. are open.', 'TODAY it rains', 'Yesterday, Today and Tomorrow', 'Mon, Tue', 'the mon ey', 'Wed., the vote.',
];

const REFERENCES = ['2001-01-01', '2024-12-27', '2024-03-01', '2025-01-01', '2024-12-31'].map((d) => new Date(`${d}T12:00:00Z`));

async function texts(): Promise<{ source: string; texts: string[] }[]> {
  const out: { source: string; texts: string[] }[] = [];
  const withParts = (bodies: string[]) => {
    const all: string[] = [];
    for (const body of bodies) {
      const sentences = splitSentences(body).map((s) => body.slice(s.start, s.end));
      all.push(...sentences, ...sentences.slice(1).map((s, i) => `${sentences[i]} ${s}`), body);
    }
    return all;
  };
  const articleFiles = (await readdir(values.articles!)).filter((f) => f.endsWith('.md'));
  out.push({ source: `sample articles (${values.articles})`, texts: withParts(await Promise.all(articleFiles.map((f) => readFile(path.join(values.articles!, f), 'utf8')))) });
  const xquad = await readXquad(values.datasets!);
  if (xquad) out.push({ source: 'XQuAD paragraphs', texts: withParts(xquad.paragraphs.map((p) => p.text)) });
  const news = await readNewsDocuments(values.datasets!);
  if (news) out.push({ source: 'realtimeqa-news articles', texts: withParts(news.map((d) => d.text)) });
  out.push({ source: 'edge cases', texts: EDGES });
  return out;
}

if (!simpleReadingsEnabled) {
  console.error('simple date reading is disabled: chrono-node casual parsers are not the expected ones');
  process.exit(1);
}
let differences = 0;
for (const { source, texts: all } of await texts()) {
  const unique = [...new Set(all)];
  let candidates = 0;
  let answered = 0;
  for (const text of unique) {
    const mayHold = MAY_HOLD_DATE.test(text);
    if (mayHold) candidates++;
    let simple = false;
    for (const instant of REFERENCES) {
      const fast = simpleDateReadings(text, instant);
      if (fast === null) continue;
      simple = true;
      const expected = JSON.stringify(chronoReadings(text, instant));
      if (JSON.stringify(fast) !== expected) {
        differences++;
        console.log(`DIFFERENT (${source}, ${instant.toISOString().slice(0, 10)}): ${JSON.stringify(text.slice(0, 300))}\n  simple ${JSON.stringify(fast)}\n  chrono ${expected}`);
      }
    }
    if (simple && mayHold) answered++;
  }
  console.log(`${source}: ${unique.length} texts, ${candidates} may hold a date, ${answered} of those read without chrono`);
}
console.log(differences === 0 ? 'no differences from chrono' : `${differences} differences from chrono`);
process.exit(differences === 0 ? 0 : 1);
