import { seededRandom } from '../../../bench/seeded-random.ts';

export { seededRandom };

// Pieces chosen to hit the splitter's rules: abbreviations, quotes, list
// markers, decimals, emoji, zero-width characters, CJK and overlong words.
const WORDS = [
  'the', 'soldier', 'died', 'Ukrainian', 'forces', 'North', 'Korean', 'said', 'on', 'Friday',
  'Dec.', '26', 'U.S.', 'officials', 'Gen.', 'Kim', 'Mr.', 'Lee', 'p.m.', 'No.', '3.5', 'e.g.',
  'F.', 'Inc.', '“We', 'confirmed,”', '"Why?"', 'he', 'asked', '(NIS)', 'U.S.-led', 'trying…to',
  '👨‍👩‍👧', '🇰🇷', 'café', 'cafe\u0301', 'zero\u200Bwidth', '\u200B', '—', '3,000', '北朝鮮。兵士',
];
const ENDINGS = ['.', '.', '.', '?', '!', '…', '."', '.”', ''];
const SEPARATORS = [' ', ' ', ' ', ' ', '  ', '\n', '\n\n', '\r\n', '\t', '\u00A0'];

/** A random document of roughly `words` words. */
export function randomDocument(random: () => number, words: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let text = random() < 0.2 ? pick(SEPARATORS) : '';
  for (let i = 0; i < words; i++) {
    const roll = random();
    if (roll < 0.01) text += 'x'.repeat(50 + Math.floor(random() * 400));
    else if (roll < 0.02) text += `${1 + Math.floor(random() * 9)}.`;
    else text += pick(WORDS);
    text += random() < 0.12 ? pick(ENDINGS) : '';
    text += pick(SEPARATORS);
  }
  return text;
}
