import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/chunking/split-sentences.ts';
import { expectValidSentences } from './support/invariants.ts';
import { randomDocument, seededRandom } from './support/random-text.ts';

function sentencesOf(text: string): string[] {
  const spans = splitSentences(text);
  expectValidSentences(text, spans);
  return spans.map((span) => text.slice(span.start, span.end));
}

describe('splitSentences', () => {
  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n\t\u00A0\u200B\uFEFF\r\n')).toEqual([]);
  });

  it('gives offsets into the original text, trimmed of surrounding blanks', () => {
    const text = '  \n The soldier died.   Officials confirmed it. \n';
    expect(splitSentences(text)).toEqual([
      { start: 4, end: 21 },
      { start: 24, end: 47 },
    ]);
  });

  it('puts a headline, a byline and a dateline each in a sentence of their own', () => {
    const text = [
      'North Korean soldier captured by Ukraine dies of wounds',
      'By Kim Min-young',
      'Published: 27 Dec. 2024, 17:32',
      '',
      'SEOUL — The soldier died on Friday. Officials confirmed it.',
    ].join('\n');
    expect(sentencesOf(text)).toEqual([
      'North Korean soldier captured by Ukraine dies of wounds',
      'By Kim Min-young',
      'Published: 27 Dec. 2024, 17:32',
      'SEOUL — The soldier died on Friday.',
      'Officials confirmed it.',
    ]);
  });

  it('never joins lines, whatever the line break or the last character', () => {
    expect(sentencesOf('Seen on Dec.\n26 it was\r\nover, they said\u2028and\rleft')).toEqual([
      'Seen on Dec.',
      '26 it was',
      'over, they said',
      'and',
      'left',
    ]);
  });

  it('keeps numbered list markers with their item', () => {
    expect(sentencesOf('Key facts:\n1. The soldier died.\n2. He was captured. Officials said so.')).toEqual([
      'Key facts:',
      '1. The soldier died.',
      '2. He was captured.',
      'Officials said so.',
    ]);
  });

  it('ends a sentence after a closing quote, even when straight and curly quotes are mixed', () => {
    expect(sentencesOf('Zelensky stated, "Nearly 3,000 died,” he said. Then it rained. He said "yes." She left.')).toEqual([
      'Zelensky stated, "Nearly 3,000 died,” he said.',
      'Then it rained.',
      'He said "yes."',
      'She left.',
    ]);
  });

  it('continues the sentence when a lowercase word follows ? ! or a quote', () => {
    expect(sentencesOf('"Why?" he asked. “Stop!” she shouted. It ended.')).toEqual([
      '"Why?" he asked.',
      '“Stop!” she shouted.',
      'It ended.',
    ]);
  });

  it('does not split at periods inside words and numbers', () => {
    expect(sentencesOf('Growth was 3.5 percent in the U.S.-led bloc, trying…to recover. See example.com today.')).toEqual([
      'Growth was 3.5 percent in the U.S.-led bloc, trying…to recover.',
      'See example.com today.',
    ]);
  });

  it('splits after ellipses, question marks and CJK full stops', () => {
    expect(sentencesOf('He waited… Nothing came. Why? Nobody knew. 北朝鮮の兵士が死亡した。韓国が確認した。')).toEqual([
      'He waited…',
      'Nothing came.',
      'Why?',
      'Nobody knew.',
      '北朝鮮の兵士が死亡した。',
      '韓国が確認した。',
    ]);
  });

  it('treats zero-width spaces as blank but keeps emoji joined by ZWJ whole', () => {
    const text = '\u200BThe family 👨‍👩‍👧 arrived.\u200B\u200BThey left.\u200B';
    expect(sentencesOf(text)).toEqual(['The family 👨‍👩‍👧 arrived.', 'They left.']);
  });

  it('holds every non-blank character exactly once for random documents', () => {
    const random = seededRandom(20241227);
    for (let round = 0; round < 200; round++) {
      const text = randomDocument(random, 1 + Math.floor(random() * 300));
      expectValidSentences(text, splitSentences(text));
    }
  });
});
