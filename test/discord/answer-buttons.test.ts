import { ButtonBuilder, ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { answerButtons, CUSTOM_IDS, parseFeedbackId } from '../../src/discord/answer-buttons.ts';
import { AnswerRegistry } from '../../src/discord/answer-registry.ts';

const entry = { guildId: '100000000000000001', channelId: '200000000000000001', question: 'q?', answer: 'a', citations: [], answered: true };

describe('feedback custom ids', () => {
  it('round-trip a kind and an answer id the registry made, and nothing else', () => {
    const id = new AnswerRegistry().remember(entry);
    for (const kind of ['up', 'down', 'form'] as const) expect(parseFeedbackId(CUSTOM_IDS[kind](id))).toEqual({ kind, answerId: id });
    for (const forged of [
      'feedback:up:short',
      'feedback:up:AAAAAAAAAAAA:extra',
      'feedback:delete:AAAAAAAAAAAA',
      'feedback:constructor:AAAAAAAAAAAA',
      'feedback:up:AAAAAAAAAAA/',
      'sources:up:AAAAAAAAAAAA',
      'feedback:up:<@123456789>AA',
      '',
    ]) {
      expect(parseFeedbackId(forged)).toBeNull();
    }
  });

  it('build one row: 👍, 👎, then the extra buttons (at most three more)', () => {
    const extra = new ButtonBuilder().setCustomId('followup:x').setLabel('Ask a follow-up').setStyle(ButtonStyle.Primary);
    const row = answerButtons('AAAAAAAAAAAA', [extra]).toJSON();
    expect(row.type).toBe(ComponentType.ActionRow);
    expect(row.components.map((b) => ('custom_id' in b ? b.custom_id : null))).toEqual(['feedback:up:AAAAAAAAAAAA', 'feedback:down:AAAAAAAAAAAA', 'followup:x']);
    expect(row.components.map((b) => ('emoji' in b ? b.emoji?.name : null)).slice(0, 2)).toEqual(['👍', '👎']);
    expect(() => answerButtons('AAAAAAAAAAAA', [extra, extra, extra, extra])).toThrow(/a row holds 5 buttons/);
  });
});

describe('the answer registry', () => {
  it('forgets the oldest answers beyond its count', () => {
    const registry = new AnswerRegistry({ maxAnswers: 3 });
    const ids = Array.from({ length: 5 }, (_, i) => registry.remember({ ...entry, question: `q${i}` }));
    expect(ids.map((id) => registry.get(id)?.question ?? null)).toEqual([null, null, 'q2', 'q3', 'q4']);
  });

  it('forgets an answer older than its age limit', () => {
    let now = 0;
    const registry = new AnswerRegistry({ maxAgeMs: 1000, clock: () => now });
    const id = registry.remember(entry);
    now = 1000;
    expect(registry.get(id)).toEqual(entry);
    now = 1001;
    expect(registry.get(id)).toBeUndefined();
  });

  it("remembers each person's vote on an answer and returns the one it replaces", () => {
    const registry = new AnswerRegistry();
    const id = registry.remember(entry);
    expect(registry.vote(id, 'u1', 'up')).toBeUndefined();
    expect(registry.vote(id, 'u2', 'down')).toBeUndefined();
    expect(registry.vote(id, 'u1', 'down')).toBe('up');
    expect(registry.vote('AAAAAAAAAAAA', 'u1', 'up')).toBeUndefined();
  });
});
