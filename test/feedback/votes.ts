import type { FeedbackRecord } from '../../src/feedback/feedback-record.ts';

/** A vote as the bot writes it, cast at `at`. */
export function vote(overrides: Partial<FeedbackRecord> = {}, at = new Date('2026-06-01T12:00:00Z')): FeedbackRecord {
  return {
    time: at.toISOString(),
    guildId: '100000000000000001',
    channelId: '200000000000000001',
    userId: '300000000000000001',
    answerId: 'AAAAAAAAAAAA',
    question: 'When did the soldier die?',
    answer: 'Friday, 27 December 2024',
    citations: [{ n: 1, documentId: 'soldier.md' }],
    vote: 'up',
    reason: null,
    comment: null,
    answered: true,
    ...overrides,
  };
}

