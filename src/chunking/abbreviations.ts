/**
 * The abbreviation rules of the sentence splitter, as data.
 *
 * A period after one of these words is usually not the end of a sentence. How
 * sure we can be depends on the word, so there are three kinds; see
 * {@link isSentenceBoundary} in `sentence-boundary.ts` for how each is used.
 * Matching is case-sensitive: "Rep." is a title, "rep." is a word.
 */

/**
 * Titles, place prefixes, months and connectives: they introduce what follows
 * ("Gen. Smith", "Dec. 26", "St. Petersburg", "Roe v. Wade"), so a period after
 * them never ends a sentence, whatever comes next on the line.
 */
export const NEVER_FINAL: readonly string[] = [
  // civil and military titles
  'Adm.', 'Amb.', 'Brig.', 'Capt.', 'Cmdr.', 'Col.', 'Cpl.', 'Det.', 'Dr.', 'Fr.', 'Gen.',
  'Gov.', 'Hon.', 'Lt.', 'Maj.', 'Messrs.', 'Mr.', 'Mrs.', 'Ms.', 'Pfc.', 'Pres.', 'Prof.',
  'Pvt.', 'Rep.', 'Reps.', 'Rev.', 'Sen.', 'Sens.', 'Sgt.', 'Supt.',
  // place prefixes
  'Ft.', 'Mt.', 'St.',
  // months ("May", "June" and "July" are not abbreviated)
  'Jan.', 'Feb.', 'Mar.', 'Apr.', 'Jun.', 'Jul.', 'Aug.', 'Sep.', 'Sept.', 'Oct.', 'Nov.', 'Dec.',
  // connectives
  'cf.', 'e.g.', 'i.e.', 'v.', 'viz.', 'vs.',
];

/**
 * Abbreviations that often do end a sentence ("... moved to the U.S.", "... at
 * 5 p.m.") but are just as often followed by a name ("U.S. President", "5 p.m.
 * Friday"). After these, a capitalised word continues the sentence unless it is
 * one of {@link SENTENCE_STARTERS}. Any initialism (two or more letter-period
 * pairs, "D.C.", "A.M.") and any single capital initial ("John F. Kennedy") is
 * treated the same way without being listed.
 */
export const OFTEN_FINAL: readonly string[] = [
  'U.S.', 'U.N.', 'U.K.', 'E.U.', 'a.m.', 'p.m.',
  'Inc.', 'Co.', 'Corp.', 'Ltd.', 'Bros.', 'Jr.', 'Sr.', 'etc.',
];

/**
 * Abbreviations that are only unambiguous before a number ("No. 5", "Vol. 2",
 * "approx. 3,000"). Before a capitalised word they end the sentence, because
 * "No." on its own is a common answer.
 */
export const BEFORE_NUMBERS: readonly string[] = [
  'No.', 'Nos.', 'Nr.', 'Vol.', 'Vols.', 'Fig.', 'Figs.', 'Art.', 'Ch.', 'Pt.', 'pp.', 'p.',
  'approx.', 'ca.', 'est.',
];

/**
 * Capitalised words that usually begin a sentence. After an {@link OFTEN_FINAL}
 * abbreviation, one of these means the abbreviation ended the sentence ("... in
 * the U.S. The talks ...").
 */
export const SENTENCE_STARTERS: readonly string[] = [
  'A', 'About', 'According', 'After', 'All', 'Also', 'Although', 'An', 'And', 'Another', 'As',
  'At', 'Because', 'Before', 'Both', 'But', 'By', 'During', 'Each', 'Earlier', 'Even', 'Every',
  'For', 'From', 'He', 'Her', 'Here', 'His', 'How', 'However', 'I', 'If', 'In', 'It', 'Its',
  'Last', 'Later', 'Many', 'Meanwhile', 'More', 'Most', 'My', 'No', 'Now', 'Officials', 'On',
  'One', 'Our', 'She', 'Since', 'So', 'Some', 'Still', 'That', 'The', 'Their', 'Then', 'There',
  'These', 'They', 'This', 'Those', 'Though', 'To', 'Under', 'We', 'What', 'When', 'Where',
  'Which', 'While', 'Who', 'Why', 'With', 'Yet', 'You',
];

/** How a word ending in a period behaves; `undefined` for ordinary words. */
export type AbbreviationKind = 'never-final' | 'often-final' | 'before-numbers';

const kinds = new Map<string, AbbreviationKind>([
  ...OFTEN_FINAL.map((word) => [word, 'often-final'] as const),
  ...BEFORE_NUMBERS.map((word) => [word, 'before-numbers'] as const),
  ...NEVER_FINAL.map((word) => [word, 'never-final'] as const),
]);

const INITIALISM = /^(?:\p{L}\.){2,}$/u;
const INITIAL = /^\p{Lu}\.$/u;

/**
 * Classifies `word`, which includes its final period ("Dec.", "U.S.").
 * Leading opening quotes or brackets must already be removed.
 */
export function abbreviationKind(word: string): AbbreviationKind | undefined {
  const listed = kinds.get(word);
  if (listed !== undefined) return listed;
  if (INITIALISM.test(word) || INITIAL.test(word)) return 'often-final';
  return undefined;
}

const starters = new Set(SENTENCE_STARTERS);

/** Whether `word` (letters only, e.g. "The") usually begins a sentence. */
export function isSentenceStarter(word: string): boolean {
  return starters.has(word);
}
