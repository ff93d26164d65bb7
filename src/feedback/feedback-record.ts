import { z } from 'zod';

/** What a 👎 can say was wrong: a fixed list, so the summary can count them. */
export const FEEDBACK_REASONS = ['wrong-passage', 'out-of-date', 'sources-disagree', 'should-have-answered', 'other'] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

/** How each reason is shown to people (the modal's choices, the moderators' embed, the summary). */
export const REASON_LABELS: Record<FeedbackReason, string> = {
  'wrong-passage': 'Wrong passage',
  'out-of-date': 'Out of date',
  'sources-disagree': 'Sources disagree',
  'should-have-answered': 'Should have answered',
  other: 'Other',
};

/** One line of the feedback file: a vote on one answer, with what was asked and answered. */
export const feedbackRecordSchema = z.object({
  /** ISO 8601, UTC. */
  time: z.string().datetime(),
  /** Null in direct messages. */
  guildId: z.string().nullable(),
  channelId: z.string(),
  userId: z.string(),
  answerId: z.string().min(1),
  question: z.string(),
  /** The answer's lead (or, for a refusal, why there was no answer). */
  answer: z.string(),
  citations: z.array(z.object({ n: z.number().int(), documentId: z.string() })),
  vote: z.enum(['up', 'down']),
  /** Null for 👍. */
  reason: z.enum(FEEDBACK_REASONS).nullable(),
  /** Free text from the 👎 form; null when left empty. */
  comment: z.string().nullable(),
  /** False when the bot refused (found no supported answer). */
  answered: z.boolean().optional(),
});

export type FeedbackRecord = z.infer<typeof feedbackRecordSchema>;

/** Longest comment kept: the modal allows no more, and a forged submit can't grow the file beyond it. */
export const MAX_COMMENT_CHARS = 1000;
