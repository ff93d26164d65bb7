import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
  type APIApplicationCommand,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIAttachment,
  type APIChatInputApplicationCommandInteraction,
  type APIMessage,
  type APIMessageApplicationCommandInteraction,
  type APIMessageComponentButtonInteraction,
  type APIModalSubmitInteraction,
  type APIUser,
} from 'discord-api-types/v10';
import type { FakeWorld } from './world.ts';

/** Who runs an interaction, and where (always in the guild). */
export interface InteractionActor {
  /** The user; fields not given come from a default test user (same username, same id). */
  user?: Partial<APIUser>;
  /** Member permissions; by default computed from @everyone plus `roles`, with channel overwrites. */
  permissions?: bigint;
  /** Role names (`moderator`) or ids the member has; default: the member's current roles (none). */
  roles?: string[];
  /** Channel id; default the `general` channel. */
  channelId?: string;
  /** In the user's direct messages with the bot instead of a server channel (no guild, no member). */
  dm?: boolean;
}

/** A file a user attaches to an attachment option; the fake serves it on its CDN route. */
export interface FakeAttachment {
  filename: string;
  content: string | Uint8Array;
  /** The type Discord guessed from the name (it never reads the bytes); default from the extension. */
  contentType?: string;
  /** The size Discord reports; default the content's length (set it to test a bot that trusts it). */
  size?: number;
  /** Replaces the CDN URL Discord would give (to test a bot that must refuse other hosts). */
  url?: string;
}

/** A `/name [subcommand] options...` invocation; option types come from the registered command, or from the JS value. */
export interface SlashCommandInput extends InteractionActor {
  name: string;
  /** The subcommand, for commands registered with subcommands. */
  subcommand?: string;
  options?: Record<string, string | number | boolean>;
  /** Attachment options by name. */
  attachments?: Record<string, FakeAttachment>;
}

/** Typing in an autocomplete option: `focused` is the option being typed, with its text so far in `options`. */
export interface AutocompleteInput extends SlashCommandInput {
  focused: string;
}

/** Where the fake's CDN keeps an attachment: its bytes by id, served at `url`. */
export interface StoredAttachment {
  id: string;
  filename: string;
  bytes: Uint8Array;
  contentType: string;
}

/** A click on a button of a message. */
export interface ButtonClickInput extends InteractionActor {
  customId: string;
  /** The message carrying the button (its latest stored version is used when the fake knows it). */
  message: APIMessage;
}

/** The fields every interaction has, in a server channel or (with `dm`) in the user's DMs with the bot. */
function baseFields(world: FakeWorld, actor: InteractionActor) {
  const user = world.user(actor.user);
  const where = actor.dm ? dmFields(world, user) : guildFields(world, actor, user);
  return {
    id: world.ids.next(),
    token: `fake-interaction-${randomBytes(24).toString('base64url')}`,
    application_id: world.applicationId,
    channel_id: where.channel.id,
    locale: Locale.EnglishUS,
    entitlements: [],
    version: 1 as const,
    attachment_size_limit: 10 * 1024 * 1024,
    ...where,
  };
}

/** A direct message with the bot: a DM channel, the user at the top level, no guild or member, the BotDM context. */
function dmFields(world: FakeWorld, user: APIUser) {
  const channel = { id: world.dmChannelId(user.id), type: ChannelType.DM, recipients: [user], last_message_id: null, flags: 0 };
  return { channel, app_permissions: '0', user, context: InteractionContextType.BotDM, authorizing_integration_owners: { 1: user.id } };
}

/** Where a server interaction happens and who the member is. */
function guildFields(world: FakeWorld, actor: InteractionActor, user: APIUser) {
  // A thread too: a button on an answer in a thread is clicked there (permissions come from its parent).
  const channel = world.channelOrThread(actor.channelId ?? world.channelByName('general').id);
  if (!channel) throw new Error(`FakeDiscord has no text channel or thread with id ${actor.channelId}`);
  const roles = world.ensureMember(user.id, actor.roles);
  const permissions = actor.permissions ?? world.permissions(user.id, channel.id, roles);
  return {
    channel,
    app_permissions: world.permissions(world.botUser.id, channel.id).toString(),
    guild_id: channel.guild_id!,
    guild: { id: channel.guild_id!, locale: Locale.EnglishUS, features: [] },
    guild_locale: Locale.EnglishUS,
    member: { ...world.memberPayload(user.id), permissions: permissions.toString() },
    context: InteractionContextType.Guild,
    authorizing_integration_owners: { 0: channel.guild_id! },
  };
}

/** Who acts: the member's user in a server, the user in a DM. */
const actorOf = (fields: ReturnType<typeof baseFields>): APIUser => ('member' in fields ? fields.member.user : fields.user);

/**
 * Turns `{ question: 'why?' }` into interaction options, checked against the
 * registered command: unknown options and missing required ones throw, since
 * Discord could never send them.
 */
function buildOptions(name: string, given: Record<string, string | number | boolean>, command: APIApplicationCommand | undefined, subcommand?: string) {
  let declared: readonly APIApplicationCommandOption[] = command?.options ?? [];
  if (subcommand !== undefined) {
    const sub = declared.find((o) => o.name === subcommand && o.type === ApplicationCommandOptionType.Subcommand);
    if (command && !sub) throw new Error(`FakeDiscord: /${name} has no subcommand "${subcommand}"`);
    declared = (sub && 'options' in sub ? sub.options : undefined) ?? [];
  }
  for (const option of declared) {
    if ('required' in option && option.required && !(option.name in given)) {
      throw new Error(`FakeDiscord: /${name} requires option "${option.name}"; Discord would not send it without`);
    }
  }
  return Object.entries(given).map(([key, value]) => {
    const spec = declared.find((o) => o.name === key);
    if (command && !spec) {
      throw new Error(`FakeDiscord: /${name} has no option "${key}"; registered: ${declared.map((o) => o.name).join(', ') || 'none'}`);
    }
    const inferred =
      typeof value === 'boolean' ? ApplicationCommandOptionType.Boolean
      : typeof value === 'string' ? ApplicationCommandOptionType.String
      : Number.isInteger(value) ? ApplicationCommandOptionType.Integer
      : ApplicationCommandOptionType.Number;
    return { name: key, type: spec?.type ?? inferred, value } as APIApplicationCommandInteractionDataOption;
  });
}

/** INTERACTION_CREATE data for a chat-input command, shaped by the registered command when there is one. */
export function chatInputInteraction(
  world: FakeWorld,
  input: SlashCommandInput,
  command: APIApplicationCommand | undefined,
  cdn: { base: string; store(attachment: StoredAttachment): void },
): { payload: APIChatInputApplicationCommandInteraction; user: APIUser } {
  const fields = baseFields(world, input);
  // Discord offers a command in DMs only when it allows the BotDM context.
  if (input.dm && command && !(command.contexts ?? []).includes(InteractionContextType.BotDM)) {
    throw new Error(`FakeDiscord: /${input.name} is not available in direct messages (contexts: ${(command.contexts ?? []).join(', ') || 'default'})`);
  }
  const attachments: Record<string, APIAttachment> = {};
  const given: Record<string, string | number | boolean> = { ...input.options };
  for (const [option, file] of Object.entries(input.attachments ?? {})) {
    const id = world.ids.next();
    const bytes = typeof file.content === 'string' ? new Uint8Array(Buffer.from(file.content)) : file.content;
    const contentType = file.contentType ?? guessType(file.filename);
    cdn.store({ id, filename: file.filename, bytes, contentType });
    const url = file.url ?? `${cdn.base}/attachments/${fields.channel.id}/${id}/${encodeURIComponent(file.filename)}`;
    attachments[id] = { id, filename: file.filename, size: file.size ?? bytes.length, url, proxy_url: url, content_type: contentType };
    given[option] = id;
  }
  const options = wrapSubcommand(input.subcommand, buildOptions(input.name, given, command, input.subcommand));
  const data = {
    id: command?.id ?? world.ids.next(), name: input.name, type: ApplicationCommandType.ChatInput,
    ...(options.length ? { options } : {}), ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    ...(Object.keys(attachments).length ? { resolved: { attachments } } : {}),
  };
  return { payload: { ...fields, type: InteractionType.ApplicationCommand, data } as APIChatInputApplicationCommandInteraction, user: actorOf(fields) };
}

/** INTERACTION_CREATE data for typing in an autocomplete option: the focused option is marked and always a string so far. */
export function autocompleteInteraction(
  world: FakeWorld,
  input: AutocompleteInput,
  command: APIApplicationCommand | undefined,
): { payload: APIApplicationCommandAutocompleteInteraction; user: APIUser } {
  const fields = baseFields(world, input);
  const built = buildOptions(input.name, { [input.focused]: '', ...input.options }, command, input.subcommand).map((option) =>
    option.name === input.focused ? { ...option, value: String((option as { value?: unknown }).value ?? ''), focused: true } : option,
  );
  const options = wrapSubcommand(input.subcommand, built as APIApplicationCommandInteractionDataOption[]);
  const data = { id: command?.id ?? world.ids.next(), name: input.name, type: ApplicationCommandType.ChatInput, options, ...(command?.guild_id ? { guild_id: command.guild_id } : {}) };
  return { payload: { ...fields, type: InteractionType.ApplicationCommandAutocomplete, data } as APIApplicationCommandAutocompleteInteraction, user: actorOf(fields) };
}

function wrapSubcommand(subcommand: string | undefined, options: APIApplicationCommandInteractionDataOption[]): APIApplicationCommandInteractionDataOption[] {
  if (subcommand === undefined) return options;
  return [{ name: subcommand, type: ApplicationCommandOptionType.Subcommand, options } as APIApplicationCommandInteractionDataOption];
}

const TYPES: Record<string, string> = { md: 'text/markdown; charset=utf-8', txt: 'text/plain; charset=utf-8', html: 'text/html; charset=utf-8', pdf: 'application/pdf', png: 'image/png' };

/** Discord labels an attachment by its name's extension only. */
const guessType = (filename: string) => TYPES[filename.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';

interface ComponentLike {
  type: number;
  custom_id?: string;
  disabled?: boolean;
  components?: ComponentLike[];
}

const findButtons = (components: readonly ComponentLike[] = []): ComponentLike[] =>
  components.flatMap((c) => (c.type === ComponentType.Button ? [c] : findButtons(c.components)));

/** INTERACTION_CREATE data for a button click; throws when no enabled button has that custom id (a user could not click it). */
export function buttonInteraction(world: FakeWorld, input: ButtonClickInput): { payload: APIMessageComponentButtonInteraction; user: APIUser } {
  const buttons = findButtons(input.message.components as ComponentLike[] | undefined);
  const button = buttons.find((b) => b.custom_id === input.customId);
  if (!button) {
    const known = buttons.map((b) => b.custom_id).filter(Boolean).join(', ') || 'none';
    throw new Error(`FakeDiscord: message ${input.message.id} has no button "${input.customId}" (buttons: ${known})`);
  }
  if (button.disabled) throw new Error(`FakeDiscord: button "${input.customId}" is disabled; it cannot be clicked`);
  const fields = baseFields(world, { ...input, channelId: input.channelId ?? input.message.channel_id });
  const payload = { ...fields, type: InteractionType.MessageComponent, message: input.message, data: { custom_id: input.customId, component_type: ComponentType.Button } };
  return { payload: payload as APIMessageComponentButtonInteraction, user: actorOf(fields) };
}

/** Picking "Apps > name" on a message: a message context-menu command. */
export interface MessageCommandInput extends InteractionActor {
  name: string;
  /** The message the command was used on (its latest stored version is used when the fake knows it). */
  message: APIMessage;
}

/**
 * INTERACTION_CREATE data for a message context-menu command: `target_id` and
 * the message in `resolved.messages`, with its content (Discord sends it
 * whatever the bot's intents). Throws when no message command of that name is
 * registered: a user could not pick it.
 */
export function messageCommandInteraction(
  world: FakeWorld,
  input: MessageCommandInput,
  command: APIApplicationCommand | undefined,
): { payload: APIMessageApplicationCommandInteraction; user: APIUser } {
  if (!command || command.type !== ApplicationCommandType.Message) {
    throw new Error(`FakeDiscord: no message command "${input.name}" is registered; Discord would not offer it in the Apps menu`);
  }
  const fields = baseFields(world, { ...input, channelId: input.channelId ?? input.message.channel_id });
  const data = {
    id: command.id, name: command.name, type: ApplicationCommandType.Message, target_id: input.message.id,
    resolved: { messages: { [input.message.id]: input.message } }, ...(command.guild_id ? { guild_id: command.guild_id } : {}),
  };
  return { payload: { ...fields, type: InteractionType.ApplicationCommand, data } as APIMessageApplicationCommandInteraction, user: actorOf(fields) };
}

/** INTERACTION_CREATE data for a filled-in form: sent by the user the form was shown to, where it was shown, with the message when a button opened it. */
export function modalSubmitInteraction(
  world: FakeWorld,
  shownTo: { user: APIUser; channelId: string; message?: APIMessage },
  data: Record<string, unknown>,
): { payload: APIModalSubmitInteraction; user: APIUser } {
  const inDm = !world.channelOrThread(shownTo.channelId);
  const fields = baseFields(world, inDm ? { user: shownTo.user, dm: true } : { user: shownTo.user, channelId: shownTo.channelId });
  const payload = { ...fields, type: InteractionType.ModalSubmit, data, ...(shownTo.message ? { message: shownTo.message } : {}) };
  return { payload: payload as unknown as APIModalSubmitInteraction, user: actorOf(fields) };
}
