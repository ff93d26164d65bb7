import { describe, expect, it } from 'vitest';
import { readsAsQuestion } from '../../src/discord/reads-as-question.ts';

describe('readsAsQuestion', () => {
  it.each([
    'When did the soldier die?',
    'the soldier died when?',
    'who captured the soldier',
    'Where was he captured',
    'Did he die in Kyiv',
    'Tell me about the captured soldier',
    'explain the disagreement about the date',
    'Describe the capture',
    'list the sources that mention Kursk',
    'Summarise the reports',
    'summarize the reports',
    '  How many troops were sent',
    "what's the source for the capture date",
    'could you find the Kursk reports',
    'I would like to know the date',
    'please name the sources',
  ])('answers "%s"', (text) => expect(readsAsQuestion(text)).toBe(true));

  it.each(['thanks', 'ok cool', 'Thank you so much!', 'lol', 'great answer', 'the soldier died in January', 'whoever wrote this is right', 'listening to the reports now', 'finding it useful'])(
    'ignores "%s"',
    (text) => expect(readsAsQuestion(text)).toBe(false),
  );
});
