import type { Interaction } from 'discord.js';
import { UserError } from '../errors.ts';
import type { Command, CommandContext } from './command.ts';
import { withErrorBoundary } from './error-boundary.ts';
import { replyPrivately, respondChoices, type BotReply } from './respond.ts';

/**
 * Routes slash commands and buttons to their command modules, each inside the
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
      if (!command) throw new UserError('unknown-command', 'This command is not available any more; ask a moderator to redeploy commands.');
      await command.execute(interaction, context);
    });
  } else if (interaction.isAutocomplete()) {
    // No note can answer an autocomplete: a failure offers no choices and is logged.
    const command = commands.get(interaction.commandName);
    try {
      await command?.autocomplete?.(interaction, context);
    } catch (error) {
      context.logger.warn('autocomplete failed', { name: `/${interaction.commandName}`, error: error instanceof Error ? error.message : String(error) });
    }
    if (!interaction.responded) await respondChoices(interaction, []).catch(() => undefined);
  } else if (interaction.isButton()) {
    const fields = { name: `button ${interaction.customId}`, user: interaction.user.id };
    await withErrorBoundary({ event: 'interaction', fields, tell }, context.logger, async () => {
      const command = commands.get(interaction.customId.split(':')[0] ?? '');
      if (!command?.button) throw new UserError('expired-button', 'This button has expired; run the command again.');
      await command.button(interaction, context);
    });
  }
}
