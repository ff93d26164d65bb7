import { describe, expect, it } from 'vitest';
import { useEngine } from '../support/engine-fixture.ts';

describe('Engine.ask with the earlier questions of a conversation (previous)', () => {
  const suite = useEngine();

  it('answers "why?" from the earlier subject, which alone the relevance gate refuses', async () => {
    const alone = await suite.engine.ask('Why?');
    const followUp = await suite.engine.ask('Why?', { previous: ['When did the North Korean soldier die?'] });

    expect(alone.answered).toBe(false);
    expect(followUp.answered).toBe(true);
    expect(followUp.question).toBe('Why?');
    expect(followUp.notice).toBe('Read with the earlier question: “When did the North Korean soldier die?”');
    expect(followUp.citations.some((c) => /wounds|injuries/.test(c.excerpt))).toBe(true);
  });

  it('retrieves a pronoun follow-up with the earlier subject filled in', async () => {
    const followUp = await suite.engine.ask('And where was he captured?', { previous: ['When did the North Korean soldier die?'] });

    expect(followUp.statement?.fact).toMatch(/Kursk/);
    expect(followUp.notice).toMatch(/^Read with the earlier question/);
  });

  it('leaves a follow-up that names its own subject as it is, with no notice', async () => {
    const previous = ['When did the North Korean soldier die?'];
    const followUp = await suite.engine.ask('Who is Yang Uk?', { previous });
    const alone = await suite.engine.ask('Who is Yang Uk?');

    expect(followUp.notice).toBeUndefined();
    expect(followUp.citations.map((c) => c.excerpt)).toEqual(alone.citations.map((c) => c.excerpt));
  });
});
