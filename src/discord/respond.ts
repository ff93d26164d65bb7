import {
  escapeMarkdown,
  MessageFlags,
  type APIEmbed,
  type AutocompleteInteraction,
  type BaseMessageOptions,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type ModalBuilder,
  type Message,
  type RepliableInteraction,
  type SendableChannels,
  type ThreadChannel,
} from 'discord.js';
import { embedLength, LIMITS, truncate } from './limits.ts';

/**
 * What the bot wants to say. Only these fields reach Discord: anything else a
 * caller slips in (mention settings, `tts`) is dropped.
 */
export interface BotReply {
  /** The bot's own Markdown, sent as written (cut to fit). */
  content?: string;
  /** User or article text: Markdown escaped and mentions neutralised; follows `content` on a new line. */
  text?: string;
  embeds?: readonly APIEmbed[];
  components?: BaseMessageOptions['components'];
  files?: BaseMessageOptions['files'];
  /** Only the person who triggered it sees it (interactions only; ignored when editing). */
  ephemeral?: boolean;
}

/** Every message the bot sends parses no mentions: quoted articles and echoed questions can never ping anyone. */
export const NO_MENTIONS = Object.freeze({ parse: [] as [], repliedUser: false });

/** What every send method receives: fitted to Discord's limits, with mentions off. */
export interface FittedReply {
  content?: string;
  embeds?: APIEmbed[];
  components?: BaseMessageOptions['components'];
  files?: BaseMessageOptions['files'];
  allowedMentions: typeof NO_MENTIONS;
}

/** Markdown-escaped text that also can't form a mention or a masked link. */
export function safeText(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ').trim(), { maskedLink: true })
    .replace(/@(everyone|here)/g, '@\u200b$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<$1\u200b$2>');
}

/**
 * Turns a reply into the options discord.js sends: escapes `text`, cuts
 * content and embeds to Discord's limits (never rejects: long text is
 * shortened with an ellipsis; embeds beyond the tenth, fields beyond the
 * 25th and whatever passes the 6000-character total are dropped from the
 * end) and forces mentions off whatever the caller passed.
 */
export function fitReply(reply: BotReply): FittedReply {
  const fitted: FittedReply = { allowedMentions: NO_MENTIONS };
  const parts = [reply.content, reply.text === undefined ? undefined : safeText(reply.text)].filter((p) => p !== undefined);
  if (parts.length > 0) fitted.content = truncate(parts.join('\n'), LIMITS.content);
  if (reply.embeds) fitted.embeds = fitEmbeds(reply.embeds);
  if (reply.components) fitted.components = reply.components;
  if (reply.files) fitted.files = reply.files;
  return fitted;
}

/** Copies of `embeds` within every per-embed limit and the 6000-character total of a message. */
function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const fitted = embeds.slice(0, LIMITS.embeds).map((embed): APIEmbed => {
    const copy: APIEmbed = { ...embed };
    if (copy.title !== undefined) copy.title = truncate(copy.title, LIMITS.embedTitle);
    if (copy.description !== undefined) copy.description = truncate(copy.description, LIMITS.embedDescription);
    if (copy.footer) copy.footer = { ...copy.footer, text: truncate(copy.footer.text, LIMITS.footer) };
    if (copy.author) copy.author = { ...copy.author, name: truncate(copy.author.name, LIMITS.authorName) };
    if (copy.fields) {
      copy.fields = copy.fields
        .slice(0, LIMITS.embedFields)
        .map((f) => ({ ...f, name: truncate(f.name, LIMITS.fieldName), value: truncate(f.value, LIMITS.fieldValue) }));
    }
    return copy;
  });
  // Over the total: embeds are dropped from the end, and the one that straddles the limit is shortened
  // from its end too (fields from the last, then the description, footer, author, title).
  const excess = () => fitted.reduce((n, e) => n + embedLength(e), 0) - LIMITS.embedTotal;
  for (let i = fitted.length - 1; i >= 0 && excess() > 0; i--) {
    const embed = fitted[i]!;
    if (i > 0 && embedLength(embed) <= excess()) {
      fitted.splice(i, 1);
      continue;
    }
    for (let f = (embed.fields?.length ?? 0) - 1; f >= 0 && excess() > 0; f--) {
      const field = embed.fields![f]!;
      const value = field.name.length + field.value.length <= excess() ? undefined : shorten(field.value, excess());
      if (value === undefined) embed.fields!.splice(f, 1);
      else field.value = value;
    }
    if (excess() > 0 && embed.description !== undefined) embed.description = shorten(embed.description, excess());
    if (excess() > 0 && embed.footer) {
      const text = shorten(embed.footer.text, excess());
      embed.footer = text === undefined ? undefined : { ...embed.footer, text };
    }
    if (excess() > 0 && embed.author) {
      const name = shorten(embed.author.name, excess());
      embed.author = name === undefined ? undefined : { ...embed.author, name };
    }
    if (excess() > 0 && embed.title !== undefined) embed.title = shorten(embed.title, excess());
  }
  return fitted.map((embed) => Object.fromEntries(Object.entries(embed).filter(([, v]) => v !== undefined)) as APIEmbed);
}

/** `text` shorter by at least `by` characters, or undefined when less than one character plus the ellipsis would remain. */
function shorten(text: string, by: number): string | undefined {
  const keep = text.length - by;
  return keep < 2 ? undefined : truncate(text, keep);
}

const flagsOf = (reply: BotReply) => (reply.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {});

/** Answers an interaction for the first time. */
export function reply(interaction: RepliableInteraction, message: BotReply): Promise<unknown> {
  return interaction.reply({ ...fitReply(message), ...flagsOf(message) });
}

/** Acknowledges an interaction whose answer takes a moment ("thinking…"); `ephemeral` fixes who sees the answer. */
export function deferReply(interaction: RepliableInteraction, options: { ephemeral?: boolean } = {}): Promise<unknown> {
  return interaction.deferReply(flagsOf(options));
}

/** Replaces the deferred or first reply of an interaction. */
export function editReply(interaction: RepliableInteraction, message: BotReply): Promise<unknown> {
  return interaction.editReply(fitReply(message));
}

/** Sends another message after an interaction's first reply. */
export function followUp(interaction: RepliableInteraction, message: BotReply): Promise<unknown> {
  return interaction.followUp({ ...fitReply(message), ...flagsOf(message) });
}

/** Replaces the message a button is on (e.g. the next page of a listing). */
export function update(interaction: ButtonInteraction, message: BotReply): Promise<unknown> {
  return interaction.update(fitReply(message));
}

/**
 * Answers an interaction with a form (modal); it must be the first response,
 * so nothing slow may come before it. The title is cut to Discord's 45 characters.
 */
export function showModal(interaction: ButtonInteraction | ChatInputCommandInteraction | MessageContextMenuCommandInteraction, modal: ModalBuilder): Promise<unknown> {
  const title = modal.data.title;
  if (title !== undefined) modal.setTitle(truncate(title, LIMITS.modalTitle));
  return interaction.showModal(modal);
}

/** Autocomplete's limits: at most 25 choices, names and values of 1-100 characters. */
const MAX_CHOICES = 25;
const MAX_CHOICE_CHARS = 100;

/**
 * Offers autocomplete choices, fitted to Discord's limits: names are cut with an ellipsis, a
 * choice whose value is too long to send is left out (a cut value would name something else),
 * and only the first 25 are offered.
 */
export function respondChoices(interaction: AutocompleteInteraction, choices: ReadonlyArray<{ name: string; value: string }>): Promise<unknown> {
  const fitted = choices
    .filter((c) => c.value.length >= 1 && c.value.length <= MAX_CHOICE_CHARS)
    .slice(0, MAX_CHOICES)
    .map((c) => ({ name: truncate(c.name.replace(/\s+/g, ' ').trim() || c.value, MAX_CHOICE_CHARS), value: c.value }));
  return interaction.respond(fitted);
}

/** Replies to a channel message, without pinging its author. */
export function replyTo(message: Message, answer: BotReply): Promise<unknown> {
  return message.reply(fitReply(answer));
}

/** Posts a new message in a channel or thread. */
export function send(channel: SendableChannels | ThreadChannel, message: BotReply): Promise<unknown> {
  return channel.send(fitReply(message));
}

/** Shows "typing…" in a channel or thread while an answer is worked out; a failure only costs the indicator. */
export function showTyping(channel: SendableChannels | ThreadChannel): void {
  void channel.sendTyping().catch(() => undefined);
}

/** A thread name from a question: whitespace folded, cut on a word boundary to Discord's 100 characters (never empty). */
function threadName(question: string): string {
  return truncate(question.replace(/\s+/g, ' ').trim(), LIMITS.threadName) || 'Question';
}

/** Starts a public thread from `message`, named after `question` (fitted by {@link threadName}). */
export function startThread(message: Message, question: string): Promise<ThreadChannel> {
  return message.startThread({ name: threadName(question) });
}

/**
 * Replies to a channel message with a note that deletes itself after `ms`
 * (a cooldown notice: it only matters for a moment, and a channel should not
 * keep it). The timer does not hold the process open; a failed delete (the
 * message already gone) is ignored.
 */
export async function replyBriefly(message: Message, note: BotReply, ms: number): Promise<void> {
  const sent = await message.reply(fitReply(note));
  setTimeout(() => void sent.delete().catch(() => undefined), ms).unref();
}

/**
 * Shows `message` privately to whoever triggered the interaction, whatever
 * state it is in: a reply when nothing was sent yet, an edit of a private
 * reply, otherwise a private follow-up (a public "thinking…" of a slash
 * command is removed first: it can't turn private).
 */
export async function replyPrivately(interaction: RepliableInteraction, message: BotReply): Promise<void> {
  const note: BotReply = { ...message, ephemeral: true };
  if (!interaction.deferred && !interaction.replied) {
    await reply(interaction, note);
  } else if (interaction.ephemeral) {
    await editReply(interaction, { embeds: [], components: [], ...note });
  } else {
    // On a button, the reply is the message the button is on: keep it and only add a note.
    if (interaction.isChatInputCommand()) await interaction.deleteReply().catch(() => {});
    await followUp(interaction, note);
  }
}
