import type { Interaction } from 'discord.js';
import { UserError } from '../errors.ts';
import { isFeedbackId } from './answer-buttons.ts';
import { isMessageCommand, type Command, type CommandContext } from './command.ts';
import { withErrorBoundary } from './error-boundary.ts';
import { handleFollowUpButton, isFollowUpId } from './follow-up-button.ts';
import { handleFeedbackButton, handleFeedbackForm } from './record-vote.ts';
import { replyPrivately, respondChoices, type BotReply } from './respond.ts';

const UNKNOWN_COMMAND = 'This command is not available any more; ask a moderator to redeploy commands.';

/**
 * Routes slash and message context-menu commands and buttons to their command
 * modules (the feedback buttons and form to record-vote.ts), each inside the
 * one error boundary, and autocomplete to the command that offers choices.
 * Other interaction kinds are ignored (the bot registers none). Never rejects.
 */
export async function handleInteraction(
  interaction: Interaction,
  commands: ReadonlyMap<string, Command>,
  context: CommandContext,
): Promise<void> {
  const tell = async (note: BotReply) => {
    if (interaction.isRepliable()) await replyPrivately(interaction, note);
  };
  if (interaction.isChatInputCommand()) {
    const fields = { name: `/${interaction.commandName}`, user: interaction.user.id };
    await withErrorBoundary({ event: 'interaction', fields, tell }, context.logger, async () => {
      const command = commands.get(interaction.commandName);
      if (!command || isMessageCommand(command)) throw new UserError('unknown-command', UNKNOWN_COMMAND);
      await command.execute(interaction, context);
    });
  } else if (interaction.isMessageContextMenuCommand()) {
    const fields = { name: `message menu "${interaction.commandName}"`, user: interaction.user.id };
    await withErrorBoundary({ event: 'interaction', fields, tell }, context.logger, async () => {
      const command = commands.get(interaction.commandName);
      if (!command || !isMessageCommand(command)) throw new UserError('unknown-command', UNKNOWN_COMMAND);
      await command.execute(interaction, context);
    });
  } else if (interaction.isModalSubmit()) {
    const fields = { name: `form ${interaction.customId}`, user: interaction.user.id };
    await withErrorBoundary({ event: 'interaction', fields, tell }, context.logger, () => handleFeedbackForm(interaction, context));
  } else if (interaction.isAutocomplete()) {
    // No note can answer an autocomplete: a failure offers no choices and is logged.
    const command = commands.get(interaction.commandName);
    try {
      if (command && !isMessageCommand(command)) await command.autocomplete?.(interaction, context);
    } catch (error) {
      context.logger.warn('autocomplete failed', { name: `/${interaction.commandName}`, error: error instanceof Error ? error.message : String(error) });
    }
    if (!interaction.responded) await respondChoices(interaction, []).catch(() => undefined);
  } else if (interaction.isButton()) {
    const fields = { name: `button ${interaction.customId}`, user: interaction.user.id };
    await withErrorBoundary({ event: 'interaction', fields, tell }, context.logger, async () => {
      if (isFeedbackId(interaction.customId)) return handleFeedbackButton(interaction, context);
      if (isFollowUpId(interaction.customId)) return handleFollowUpButton(interaction, context);
      const command = commands.get(interaction.customId.split(':')[0] ?? '');
      if (!command || isMessageCommand(command) || !command.button) throw new UserError('expired-button', 'This button has expired; run the command again.');
      await command.button(interaction, context);
    });
  }
}
