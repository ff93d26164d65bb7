import { describe, expect, it } from 'vitest';
import { abbreviationKind, isSentenceStarter } from '../../src/chunking/abbreviations.ts';
import { chunkText, type ChunkOptions } from '../../src/chunking/chunk-text.ts';
import { splitSentences } from '../../src/chunking/split-sentences.ts';
import { countWordPieces, recordCalls } from './support/count-tokens.ts';
import { expectValidChunks, expectValidSentences } from './support/invariants.ts';
import { readAllSeeds, readSeed, seedsAvailable, seedsNote } from './support/seeds.ts';

function sentencesOf(text: string): string[] {
  return splitSentences(text).map((span) => text.slice(span.start, span.end));
}

/** The one sentence of `text` that contains `needle`. */
function sentenceWith(text: string, needle: string): string {
  const found = sentencesOf(text).filter((sentence) => sentence.includes(needle));
  expect(found, `exactly one sentence contains ${JSON.stringify(needle)}`).toHaveLength(1);
  return found[0]!;
}

describe.skipIf(!seedsAvailable)(`the sample articles${seedsNote}`, () => {
  it('keep "Dec. 27" of the UPI dateline in the sentence it starts (001)', () => {
    expect(sentenceWith(readSeed('001'), 'Dec. 27')).toBe(
      'Dec. 27 (UPI) — The first North Korean soldier taken prisoner of war by Ukrainian forces ' +
        'while fighting for Russia has died of his injuries, South Korean intelligence said Friday.',
    );
  });

  it('keep "Dec. 26", "Dec. 23" and "Dec. 2024" inside their sentences (003, 004)', () => {
    expect(sentenceWith(readSeed('003'), 'Dec. 26')).toBe(
      '"We have confirmed through an allied intelligence agency that the North Korean soldier that ' +
        'was captured on Dec. 26 died just a while ago," said the NIS.',
    );
    expect(sentenceWith(readSeed('003'), 'Dec. 23')).toBe(
      'Ukrainian President Volodymyr Zelensky said on Dec. 23 on X that more than 3,000 North Korean ' +
        'soldiers had been killed or injured in Kursk.',
    );
    expect(sentenceWith(readSeed('003'), 'Dec. 2024')).toBe('Published: 27 Dec. 2024, 17:32');
    expect(sentenceWith(readSeed('004'), 'Dec. 26')).toBe(
      '“We confirmed through a friendly nation’s intelligence organization that a North Korean solider, ' +
        'captured alive on Dec. 26, died a short while ago as [his] wounds worsened,” the NIS said.',
    );
  });

  it('keep "U.S. officials" inside their sentences (000, 001)', () => {
    expect(sentenceWith(readSeed('000'), 'U.S. officials')).toMatch(
      /^It has been suggested by U\.S\. officials such as .* reprisal against their families\.”$/,
    );
    expect(sentenceWith(readSeed('001'), 'U.S. officials')).toMatch(
      /^There has been no official word .* South Korean and U\.S\. officials say .* Moscow and Pyongyang\.$/,
    );
  });

  it('never end a sentence at an abbreviation that the next sentence on the line continues', () => {
    for (const { name, text } of readAllSeeds()) {
      const spans = splitSentences(text);
      for (let i = 1; i < spans.length; i++) {
        const before = text.slice(spans[i - 1]!.start, spans[i - 1]!.end);
        const between = text.slice(spans[i - 1]!.end, spans[i]!.start);
        const lastWord = before.split(/\s+/).at(-1)!;
        if (/\n/.test(between) || abbreviationKind(lastWord) === undefined) continue;
        const firstWord = /^\p{L}+/u.exec(text.slice(spans[i]!.start))?.[0] ?? '';
        expect(isSentenceStarter(firstWord), `${name}: "${lastWord} | ${firstWord}"`).toBe(true);
      }
    }
  });

  it('give the headline, the photo credit and the byline lines sentences of their own (001, 003)', () => {
    const upi = sentencesOf(readSeed('001'));
    expect(upi.slice(0, 2)).toEqual([
      'Members of the Korean Vietnam War Veterans Association hold a rally in downtown Seoul in ' +
        'October to protest North Korea’s deployment of troops to Russia.',
      'File photo by Jeon Heon-Kyun/EPA-EFE',
    ]);
    const joongAng = sentencesOf(readSeed('003'));
    expect(joongAng[0]).toBe('date 2024-12-27 North Korean soldier captured by Ukrainian forces dies of wounds: NIS');
    expect(joongAng.slice(-2)).toEqual(['BY KIM MIN-YOUNG [[email protected]]', 'with the Korea JoongAng Daily']);
  });

  it('keep splitting after a quote opened with " and closed with ” (000)', () => {
    const text = readSeed('000');
    expect(sentenceWith(text, 'Nearly 3,000')).toMatch(/^Zelensky stated, "Nearly 3,000 .* faced by the soldiers\.$/);
    expect(sentenceWith(text, 'logistical issues')).toBe(
      'Reports indicate logistical issues arising from Ukrainian attacks have led to supply shortages, ' +
        'including difficulties obtaining drinking water.',
    );
    expect(sentencesOf(text).length).toBeGreaterThan(25);
  });

  it('split into valid sentences and chunks at several budgets', () => {
    for (const { text } of readAllSeeds()) {
      expectValidSentences(text, splitSentences(text));
      for (const maxTokens of [200, 40, 12]) {
        const options: ChunkOptions = { maxTokens, overlapSentences: 1, countTokens: countWordPieces };
        expectValidChunks(text, chunkText(text, options), options);
      }
    }
  });

  it('count tokens once per sentence when every sentence fits', () => {
    for (const { text } of readAllSeeds()) {
      const counter = recordCalls(countWordPieces);
      chunkText(text, { maxTokens: 200, overlapSentences: 1, countTokens: counter.countTokens });
      expect(counter.calls).toBe(splitSentences(text).length);
    }
  });
});
