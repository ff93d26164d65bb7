import { LabelBuilder, ModalBuilder, StringSelectMenuBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import { UserError } from '../errors.ts';
import { FEEDBACK_REASONS, MAX_COMMENT_CHARS, REASON_LABELS, type FeedbackReason } from '../feedback/feedback-record.ts';
import { CUSTOM_IDS } from './answer-buttons.ts';

/** The form's field ids: fixed, so a submit carries no id the bot did not make. */
export const FORM_FIELDS = { reason: 'reason', comment: 'comment' } as const;

/** What the 👎 form says when its reason or fields are not the ones the bot offered. */
export const INVALID_FORM = 'That form was not filled in with one of the offered reasons, so nothing was recorded; click 👎 again.';

/**
 * The 👎 form for answer `answerId`: a required choice of what was wrong (a
 * string select inside a label, which Discord and discord.js 14.28 support in
 * modals) and an optional comment. For a refusal, "Should have answered" is
 * chosen in advance.
 */
export function feedbackForm(answerId: string, answered: boolean): ModalBuilder {
  const reasons = new StringSelectMenuBuilder()
    .setCustomId(FORM_FIELDS.reason)
    .setRequired(true)
    .setMinValues(1)
    .setMaxValues(1)
    .addOptions(
      FEEDBACK_REASONS.map((reason) => ({
        label: REASON_LABELS[reason],
        value: reason,
        default: !answered && reason === 'should-have-answered',
      })),
    );
  const comment = new TextInputBuilder()
    .setCustomId(FORM_FIELDS.comment)
    .setStyle(TextInputStyle.Paragraph)
    .setRequired(false)
    .setMaxLength(MAX_COMMENT_CHARS)
    .setPlaceholder('What should the answer have said? (optional)');
  return new ModalBuilder()
    .setCustomId(CUSTOM_IDS.form(answerId))
    .setTitle('What was wrong with this answer?')
    .addLabelComponents(
      new LabelBuilder().setLabel('What was wrong?').setStringSelectMenuComponent(reasons),
      new LabelBuilder().setLabel('Comment').setDescription('Optional; moderators read it.').setTextInputComponent(comment),
    );
}

/**
 * The reason and comment of a submitted 👎 form. A reason that is not on the
 * fixed list, or a missing field (a forged submit), is a polite refusal.
 */
export function readFeedbackForm(interaction: ModalSubmitInteraction): { reason: FeedbackReason; comment: string | null } {
  let values: readonly string[];
  let comment: string;
  try {
    values = interaction.fields.getStringSelectValues(FORM_FIELDS.reason);
    comment = interaction.fields.fields.has(FORM_FIELDS.comment) ? interaction.fields.getTextInputValue(FORM_FIELDS.comment) : '';
  } catch (error) {
    throw new UserError('invalid-button', INVALID_FORM, { cause: error });
  }
  const reason = values[0];
  if (values.length !== 1 || !(FEEDBACK_REASONS as readonly string[]).includes(reason!)) throw new UserError('invalid-button', INVALID_FORM);
  const trimmed = comment.trim().slice(0, MAX_COMMENT_CHARS);
  return { reason: reason as FeedbackReason, comment: trimmed === '' ? null : trimmed };
}
