import { describe, expect, it } from 'vitest';
import { cleanQuestion } from '../../src/answer/clean-question.ts';

const squash = (s: string) => cleanQuestion(s).replace(/\s+/g, ' ').trim();

describe('cleaning chat markup out of a question', () => {
  it.each([
    ['@everyone When did the soldier die?', 'When did the soldier die?'],
    ['<@123456789012345678> <@!1234567890123456789> <@&123456789012345678> <#123456789012345678> when?', 'when?'],
    ['when did the soldier die? [source](https://example.com/a)', 'when did the soldier die?'],
    ['see https://example.com/x?y=1 when', 'see when'],
    ['**When** did _the_ ~~soldier~~ ||die||?', 'When did the soldier die?'],
    ['```js\nwhen did he die\n```', 'when did he die'],
    ['> quoted question', 'quoted question'],
    ['snake_case_word and 2*3', 'snake_case_word and 2*3'],
    ['<:wave:123456789012345678> hi', 'hi'],
  ])('%j becomes %j', (input, expected) => {
    expect(squash(input)).toBe(expected);
  });
});
