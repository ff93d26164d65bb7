import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seededRandom } from '../../chunking/support/random-text.ts';

// Plain English pieces: sentences that chunk and embed like news text, on topics the sample articles never touch.
const PLACES = ['Harwick', 'Lindmoor', 'Eastfold', 'Brackenridge', 'Calder Bay', 'Ostvik', 'Marrow Fen', 'Tollby', 'Quarry Hill', 'Westerly'];
const SUBJECTS = ['The harbour council', 'A ferry operator', 'The regional museum', 'Local fishermen', 'The weather office', 'A bakery cooperative', 'The rowing club', 'The school board', 'A bridge engineer', 'The library trust'];
const VERBS = ['announced', 'reported', 'postponed', 'approved', 'questioned', 'celebrated', 'reviewed', 'expanded', 'funded', 'documented'];
const OBJECTS = ['a new timetable', 'the spring regatta', 'repairs to the sea wall', 'an exhibition of old maps', 'a survey of tidal pools', 'longer opening hours', 'a festival of bread', 'a study of winter storms', 'plans for a cycle path', 'the restoration of a mill'];
const DETAILS = ['after a long public meeting', 'despite the cold weather', 'with support from volunteers', 'for the third year running', 'at a cost still under review', 'before the autumn tides', 'in a letter to residents', 'following complaints about noise', 'with the help of a small grant', 'as visitor numbers rose'];

/** A deterministic news-like article of `sentences` sentences (paragraphs of five), with front matter. */
export function generatedArticle(seed: number, sentences = 10): string {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const place = pick(PLACES);
  const lines = [`---`, `title: Notes from ${place}, number ${seed}`, `outlet: The Coastal Gazette`, `date: 2023-0${1 + (seed % 9)}-1${seed % 10}`, `---`, ''];
  for (let s = 0; s < sentences; s++) {
    lines.push(`${pick(SUBJECTS)} in ${place} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(DETAILS)}.`);
    if (s % 5 === 4) lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `count` generated articles named `gen-<seed>.md` for seeds `first` .. `first + count - 1`. */
export async function writeGeneratedArticles(dir: string, first: number, count: number, sentences = 10): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names: string[] = [];
  for (let seed = first; seed < first + count; seed++) {
    const name = `gen-${String(seed).padStart(4, '0')}.md`;
    await writeFile(path.join(dir, name), generatedArticle(seed, sentences));
    names.push(name);
  }
  return names;
}
