import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { ANSWER_ID_PATTERN } from './answer-registry.ts';

/** The first part of every feedback custom id: how handle-interaction.ts routes a click or a form here. */
export const FEEDBACK_PREFIX = 'feedback';

/**
 * The custom ids of the feedback buttons and form: a kind and an answer id,
 * never any user text (the question, the answer) that a forged id could smuggle in.
 */
export const CUSTOM_IDS = {
  up: (answerId: string) => `${FEEDBACK_PREFIX}:up:${answerId}`,
  down: (answerId: string) => `${FEEDBACK_PREFIX}:down:${answerId}`,
  /** The 👎 form (modal). */
  form: (answerId: string) => `${FEEDBACK_PREFIX}:form:${answerId}`,
} as const;

export type FeedbackIdKind = keyof typeof CUSTOM_IDS;

/** A custom id that is one of ours: its kind and answer id. */
export interface FeedbackId {
  kind: FeedbackIdKind;
  answerId: string;
}

/** True when `customId` is routed to feedback (it may still be malformed: see {@link parseFeedbackId}). */
export const isFeedbackId = (customId: string) => customId.startsWith(`${FEEDBACK_PREFIX}:`);

/**
 * Reads a feedback custom id, or returns null for anything the bot could not
 * have made (another kind, a malformed or over-long answer id, extra parts).
 */
export function parseFeedbackId(customId: string): FeedbackId | null {
  const parts = customId.split(':');
  if (parts.length !== 3 || parts[0] !== FEEDBACK_PREFIX) return null;
  const [, kind, answerId] = parts as [string, string, string];
  if (!Object.hasOwn(CUSTOM_IDS, kind) || !ANSWER_ID_PATTERN.test(answerId)) return null;
  return { kind: kind as FeedbackIdKind, answerId };
}

/**
 * The row under every answer and refusal: 👍 and 👎 for answer `answerId`,
 * then any `extra` buttons (e.g. "Ask a follow-up"); at most 5 buttons fit a row.
 */
export function answerButtons(answerId: string, extra: readonly ButtonBuilder[] = []): ActionRowBuilder<ButtonBuilder> {
  if (extra.length > 3) throw new RangeError(`answerButtons: ${extra.length} extra buttons; a row holds 5 buttons, 2 of them are the votes`);
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(CUSTOM_IDS.up(answerId)).setEmoji('👍').setStyle(ButtonStyle.Secondary),
    new ButtonBuilder().setCustomId(CUSTOM_IDS.down(answerId)).setEmoji('👎').setStyle(ButtonStyle.Secondary),
    ...extra,
  );
}
