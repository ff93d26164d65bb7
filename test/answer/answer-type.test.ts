import { describe, expect, it } from 'vitest';
import { expectedAnswerType, hasAnswerType } from '../../src/answer/answer-type.ts';

describe('what kind of fact a question asks for', () => {
  it.each([
    ['When did the soldier die?', 'date'],
    ['On which day was he captured?', 'date'],
    ['What year saw the earliest recorded use of the indicator?', 'year'],
    ['In which year was the treaty signed?', 'year'],
    ['Which century did the dynasty end in?', 'year'],
    ['How many North Korean troops are in Russia?', 'number'],
    ['Where was the soldier captured?', 'place'],
    ['In which region was he held?', 'place'],
    ['Who confirmed the death?', null],
    ['Why did he die?', null],
  ] as const)('%s -> %s', (question, type) => {
    expect(expectedAnswerType(question)).toBe(type);
  });
});

describe('whether a sentence holds a date', () => {
  it.each(['He was captured on Dec. 26 in Kursk.', 'He died on Friday.', 'He died three days later.', 'It happened on 27 December.'])(
    'finds one in %j',
    (sentence) => {
      expect(hasAnswerType(sentence, 'date')).toBe(true);
    },
  );

  // A bare year says little about "when" in news, where every article is from the same year.
  it.each(['date 2024-12-27 North Korean soldier dies of wounds', 'Intelligence officials confirmed the capture.'])(
    'finds none in %j',
    (sentence) => {
      expect(hasAnswerType(sentence, 'date')).toBe(false);
    },
  );
});

describe('whether a sentence holds a year', () => {
  it.each(['The first indicator was recorded in 1851.', 'Car plants closed in the 2010s.', 'The castle dates from the 12th century.'])(
    'finds one in %j',
    (sentence) => {
      expect(hasAnswerType(sentence, 'year')).toBe(true);
    },
  );

  it.each(['More than 11,000 troops were sent.', 'About 1,500 soldiers were wounded.', 'The unit lost 3.1415 percent of its vehicles.'])(
    'finds none in %j',
    (sentence) => {
      expect(hasAnswerType(sentence, 'year')).toBe(false);
    },
  );
});
