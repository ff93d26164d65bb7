import { MessageFlags, type Interaction } from 'discord.js';
import { UserError } from '../errors.ts';
import { NO_MENTIONS } from './answer-message.ts';
import type { Command, CommandContext } from './command.ts';

export const GENERIC_ERROR = 'Something went wrong while answering. The error was logged; please try again later.';

/** Tells the user about a failure: a UserError's own words, otherwise a generic message. */
async function reportFailure(interaction: Interaction, error: unknown): Promise<void> {
  if (!interaction.isRepliable()) return;
  const content = error instanceof UserError ? error.message : GENERIC_ERROR;
  if (interaction.deferred || interaction.replied) {
    if (interaction.ephemeral) {
      await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_MENTIONS });
    } else {
      // A public "thinking…" can't turn private: remove it and tell only the user.
      await interaction.deleteReply().catch(() => {});
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    }
  } else {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  }
}

/**
 * The one error boundary for interactions: routes slash commands and buttons
 * to their modules, logs duration and outcome, and shows users a short
 * message while the log gets the details. Never rejects.
 */
export async function handleInteraction(
  interaction: Interaction,
  commands: ReadonlyMap<string, Command>,
  context: CommandContext,
): Promise<void> {
  const started = performance.now();
  let name = 'unknown';
  try {
    if (interaction.isChatInputCommand()) {
      name = `/${interaction.commandName}`;
      const command = commands.get(interaction.commandName);
      if (!command) throw new UserError('unknown-command', 'This command is not available any more; ask a moderator to redeploy commands.');
      await command.execute(interaction, context);
    } else if (interaction.isButton()) {
      name = `button ${interaction.customId}`;
      const command = commands.get(interaction.customId.split(':')[0] ?? '');
      if (!command?.button) throw new UserError('expired-button', 'This button has expired.');
      await command.button(interaction, context);
    } else {
      return;
    }
    context.logger.info('interaction handled', { name, user: interaction.user.id, ms: Math.round(performance.now() - started) });
  } catch (error) {
    const expected = error instanceof UserError;
    context.logger[expected ? 'info' : 'error']('interaction failed', {
      name,
      user: interaction.user.id,
      ms: Math.round(performance.now() - started),
      error: error instanceof Error ? { message: error.message, stack: expected ? undefined : error.stack } : String(error),
    });
    await reportFailure(interaction, error).catch((reportError: unknown) =>
      context.logger.warn('could not tell the user about the failure', { error: String(reportError) }),
    );
  }
}
