import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType } from 'discord.js';
import type { MessageCommand } from '../src/discord/command.ts';
import { answerAboutMessage } from '../src/discord/answer-about-message.ts';

/** Apps > "Ask about this message" on any message in a server: its text is the question, answered privately. */
export const data = new ContextMenuCommandBuilder()
  .setName('Ask about this message')
  .setType(ApplicationCommandType.Message)
  .setContexts(InteractionContextType.Guild);

export const execute: MessageCommand['execute'] = (interaction, context) => answerAboutMessage(interaction, context);
