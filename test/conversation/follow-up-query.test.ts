import { describe, expect, it } from 'vitest';
import { followUpQuery, leansOnContext, subjectPhrase } from '../../src/conversation/follow-up-query.ts';

describe('subjectPhrase', () => {
  it.each([
    ['When did the North Korean soldier die?', 'the North Korean soldier'],
    ['Who captured the North Korean soldier?', 'the North Korean soldier'],
    ['How many North Korean troops were sent to Kursk?', 'North Korean troops'],
    ['Where was the soldier captured?', 'the soldier'],
    ['What did the soldier tell interrogators?', 'the soldier'],
    ['Why?', ''],
  ])('%s -> "%s"', (question, subject) => {
    expect(subjectPhrase(question)).toBe(subject);
  });
});

describe('leansOnContext', () => {
  const previous = 'When did the North Korean soldier die?';
  it.each(['and where was he captured?', 'what about the casualties?', 'why?', 'When exactly?', 'How old was he?', 'Where did his unit fight?'])(
    'reads "%s" as leaning on the earlier question',
    (followUp) => expect(leansOnContext(followUp, previous)).toBe(true),
  );
  it.each([
    'Who is Volodymyr Zelensky?',
    'Which agency confirmed the death of the soldier?',
    'How many North Korean troops were sent to Russia?',
    'What did Vladimir Putin tell his counterpart?',
  ])(
    'reads "%s" as standing on its own',
    (followUp) => expect(leansOnContext(followUp, previous)).toBe(false),
  );
});

describe('followUpQuery', () => {
  it('leaves a first question, and one naming its own subject, as asked', () => {
    expect(followUpQuery('When did the soldier die?', [])).toEqual({ query: 'When did the soldier die?', context: null });
    expect(followUpQuery('Who is Volodymyr Zelensky?', ['When did the soldier die?'])).toEqual({ query: 'Who is Volodymyr Zelensky?', context: null });
  });

  it('fills a pronoun with the earlier subject and drops the linking "and"', () => {
    expect(followUpQuery('And where was he captured?', ['When did the North Korean soldier die?'])).toEqual({
      query: 'where was the North Korean soldier captured?',
      context: 'When did the North Korean soldier die?',
    });
    expect(followUpQuery('What were his injuries?', ['Where was the soldier captured?']).query).toBe("What were the soldier's injuries?");
  });

  it('leaves adverbs out of the carried subject', () => {
    expect(followUpQuery('When did he die?', ['When was the soldier captured?', 'Was he already wounded?']).query).toBe('When did the soldier die?');
  });

  it('completes a question that names nothing with the earlier question\'s body', () => {
    expect(followUpQuery('Why?', ['When did the soldier die?']).query).toBe('Why did the soldier die?');
  });

  it('adds the earlier subject to an ellipsis', () => {
    expect(followUpQuery('What about the casualties?', ['How many North Korean troops were sent to Russia?']).query).toBe(
      'What about the casualties of North Korean troops?',
    );
  });

  it('keeps the subject through three turns: the second question is read with the first before the third is read with it', () => {
    const turns = ['When did the North Korean soldier die?', 'And where was he captured?'];
    expect(followUpQuery('Why?', turns)).toEqual({ query: 'Why was the North Korean soldier captured?', context: 'And where was he captured?' });
  });
});
