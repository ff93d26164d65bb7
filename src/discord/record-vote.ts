import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import { UserError } from '../errors.ts';
import type { FeedbackReason, FeedbackRecord } from '../feedback/feedback-record.ts';
import { parseFeedbackId } from './answer-buttons.ts';
import type { RegisteredAnswer } from './answer-registry.ts';
import type { CommandContext } from './command.ts';
import { feedbackForm, readFeedbackForm } from './feedback-form.ts';
import { postToFeedbackChannel } from './feedback-channel.ts';
import { deferReply, editReply, showModal } from './respond.ts';

/** A click or form the bot could not have made. */
export const FORGED_BUTTON = "This button isn't one the bot made, so nothing was recorded.";

/** A click on an answer the bot no longer remembers (a restart, or an old answer). */
export const EXPIRED_BUTTONS = 'These buttons have expired (the bot restarted or the answer is old); ask again to vote on a fresh answer.';

/** The answer a feedback custom id points at, or a polite refusal: forged ids and forgotten answers never throw anything else. */
function answerFor(customId: string, context: CommandContext, kinds: readonly string[]): { answerId: string; kind: string; entry: RegisteredAnswer } {
  const id = parseFeedbackId(customId);
  if (!id || !kinds.includes(id.kind)) throw new UserError('invalid-button', FORGED_BUTTON);
  const entry = context.answers.get(id.answerId);
  if (!entry) throw new UserError('expired-button', EXPIRED_BUTTONS);
  return { answerId: id.answerId, kind: id.kind, entry };
}

/**
 * A click on 👍 or 👎. 👍 is recorded at once; 👎 opens the form asking what
 * was wrong (recorded when it is sent). Votes are not questions: the cooldown
 * never applies.
 */
export async function handleFeedbackButton(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const { answerId, kind, entry } = answerFor(interaction.customId, context, ['up', 'down']);
  if (kind === 'down') {
    await showModal(interaction, feedbackForm(answerId, entry.answered));
    return;
  }
  await recordVote(interaction, context, answerId, entry, { vote: 'up', reason: null, comment: null });
}

/** The 👎 form sent back: records the down vote with its reason and comment. */
export async function handleFeedbackForm(interaction: ModalSubmitInteraction, context: CommandContext): Promise<void> {
  const { answerId, entry } = answerFor(interaction.customId, context, ['form']);
  const { reason, comment } = readFeedbackForm(interaction);
  await recordVote(interaction, context, answerId, entry, { vote: 'down', reason, comment });
}

/**
 * Appends the vote to the feedback file (a later vote by the same person
 * supersedes this one when summarised), thanks the voter privately, and posts
 * it to the server's feedback channel when one is set.
 */
async function recordVote(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  context: CommandContext,
  answerId: string,
  entry: RegisteredAnswer,
  vote: { vote: 'up' | 'down'; reason: FeedbackReason | null; comment: string | null },
): Promise<void> {
  // Writing and fsyncing may take a moment on a busy disk; acknowledge first.
  await deferReply(interaction, { ephemeral: true });
  const record: FeedbackRecord = {
    time: new Date().toISOString(),
    guildId: entry.guildId,
    channelId: entry.channelId,
    userId: interaction.user.id,
    answerId,
    question: entry.question,
    answer: entry.answer,
    citations: entry.citations,
    vote: vote.vote,
    reason: vote.reason,
    comment: vote.comment,
    answered: entry.answered,
  };
  await context.feedback.append(record);
  const previous = context.answers.vote(answerId, interaction.user.id, vote.vote);
  const changed = previous !== undefined && previous !== vote.vote ? ' Your earlier vote on this answer is replaced.' : '';
  const thanks = vote.vote === 'up' ? 'Thanks for the 👍! It helps the moderators see what works.' : "Thanks: the moderators will look at what was wrong.";
  await editReply(interaction, { content: `${thanks}${changed}` });
  await postToFeedbackChannel(interaction.client, context.config.feedback.channelId, record, context.logger).catch((error: unknown) =>
    context.logger.warn('could not post feedback to FEEDBACK_CHANNEL_ID', { error: error instanceof Error ? error.message : String(error) }),
  );
}
