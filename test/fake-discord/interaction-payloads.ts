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
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIChatInputApplicationCommandInteraction,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIUser,
} from 'discord-api-types/v10';
import type { FakeWorld } from './world.ts';

/** An option value; numbers default to INTEGER when whole, NUMBER otherwise, unless the registered command says. */
export type SlashOptionValue =
  | string
  | number
  | boolean
  | { type: ApplicationCommandOptionType; value: string | number | boolean };

/** Who runs an interaction, and where. */
export interface InteractionActor {
  /** The user; fields not given come from a default test user (same username, same id). */
  user?: Partial<APIUser>;
  /** Member permissions; by default computed from @everyone plus `roles`, with channel overwrites. */
  permissions?: bigint;
  /** Role names (`moderator`) or ids the member has; default: the member's current roles (none). */
  roles?: string[];
  /** Channel id; default the `general` channel (or the user's DM channel when `guild` is false). */
  channelId?: string;
  /** Default true; false runs it in a DM with the bot. */
  guild?: boolean;
}

/** A `/name options...` invocation. */
export interface SlashCommandInput extends InteractionActor {
  name: string;
  /** Runs `/name subcommand options...`. */
  subcommand?: string;
  options?: Record<string, SlashOptionValue>;
}

/** A click on a button of a message. */
export interface ButtonClickInput extends Omit<InteractionActor, 'guild'> {
  customId: string;
  /** The message carrying the button (its latest stored version is used when the fake knows it). */
  message: APIMessage;
}

/** A fresh interaction id and token. */
export function newInteractionIdentity(world: FakeWorld): { id: string; token: string } {
  return { id: world.ids.next(), token: `fake-interaction-${randomBytes(24).toString('base64url')}` };
}

/** The fields every interaction has, for a user acting in a guild channel or DM. */
function baseFields(world: FakeWorld, actor: InteractionActor, identity: { id: string; token: string }) {
  const user = world.user(actor.user);
  const inGuild = actor.guild !== false;
  const channel = inGuild ? world.textChannel(actor.channelId ?? world.channelByName('general').id) : world.dmChannel(user.id);
  if (!channel) throw new Error(`FakeDiscord has no text channel with id ${actor.channelId}`);
  const appPermissions = world.permissions(world.botUser.id, channel.id).toString();
  const common = {
    id: identity.id,
    token: identity.token,
    application_id: world.applicationId,
    channel,
    channel_id: channel.id,
    app_permissions: appPermissions,
    locale: Locale.EnglishUS,
    entitlements: [],
    version: 1 as const,
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (!inGuild || channel.type === ChannelType.DM) {
    return { user, channel, fields: { ...common, user, context: InteractionContextType.BotDM, authorizing_integration_owners: { 0: world.guildId } } };
  }
  const member = world.ensureMember(user.id, actor.roles);
  const permissions = actor.permissions ?? world.permissions(user.id, channel.id, member.roles);
  return {
    user,
    channel,
    fields: {
      ...common,
      guild_id: world.guildId,
      guild: { id: world.guildId, locale: Locale.EnglishUS, features: [] },
      guild_locale: Locale.EnglishUS,
      member: { ...world.memberPayload(user.id), permissions: permissions.toString() },
      context: InteractionContextType.Guild,
      authorizing_integration_owners: { 0: world.guildId },
    },
  };
}

function inferType(value: string | number | boolean): ApplicationCommandOptionType {
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

/**
 * Turns `{ question: 'why?' }` into interaction options, checked against the
 * registered command when there is one: unknown options, missing required
 * ones and values outside `choices` throw, since Discord could never send them.
 */
function buildOptions(
  commandName: string,
  given: Record<string, SlashOptionValue>,
  declared: readonly APIApplicationCommandOption[] | undefined,
): APIApplicationCommandInteractionDataOption[] {
  if (declared) {
    for (const option of declared) {
      if ('required' in option && option.required && !(option.name in given)) {
        throw new Error(`FakeDiscord: /${commandName} requires option "${option.name}"; Discord would not send it without`);
      }
    }
  }
  return Object.entries(given).map(([name, raw]) => {
    const value = typeof raw === 'object' ? raw.value : raw;
    const spec = declared?.find((o) => o.name === name);
    if (declared && !spec) {
      throw new Error(`FakeDiscord: /${commandName} has no option "${name}"; registered: ${declared.map((o) => o.name).join(', ') || 'none'}`);
    }
    const choices = spec && 'choices' in spec ? spec.choices : undefined;
    if (choices?.length && !choices.some((c) => c.value === value)) {
      throw new Error(`FakeDiscord: ${JSON.stringify(value)} is not a choice of /${commandName} ${name}`);
    }
    const type = typeof raw === 'object' ? raw.type : (spec?.type ?? inferType(value));
    return { name, type, value } as APIApplicationCommandInteractionDataOption;
  });
}

/** INTERACTION_CREATE data for a chat-input command, optionally shaped by the registered command. */
export function chatInputInteraction(
  world: FakeWorld,
  identity: { id: string; token: string },
  input: SlashCommandInput,
  command: APIApplicationCommand | undefined,
): { payload: APIChatInputApplicationCommandInteraction; user: APIUser; channelId: string } {
  const { user, channel, fields } = baseFields(world, input, identity);
  let options: APIApplicationCommandInteractionDataOption[];
  if (input.subcommand) {
    const sub = command?.options?.find((o) => o.name === input.subcommand && o.type === ApplicationCommandOptionType.Subcommand);
    if (command && !sub) throw new Error(`FakeDiscord: /${input.name} has no subcommand "${input.subcommand}"`);
    const declared = sub && 'options' in sub ? (sub.options ?? []) : undefined;
    options = [{ name: input.subcommand, type: ApplicationCommandOptionType.Subcommand, options: buildOptions(`${input.name} ${input.subcommand}`, input.options ?? {}, declared) as never }];
  } else {
    options = buildOptions(input.name, input.options ?? {}, command ? (command.options ?? []) : undefined);
  }
  const payload = {
    ...fields,
    type: InteractionType.ApplicationCommand,
    data: {
      id: command?.id ?? world.ids.next(),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      ...(options.length ? { options } : {}),
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    },
  } as APIChatInputApplicationCommandInteraction;
  return { payload, user, channelId: channel.id };
}

interface ButtonLike {
  type: number;
  custom_id?: string;
  disabled?: boolean;
  components?: ButtonLike[];
  accessory?: ButtonLike;
}

function findButtons(components: readonly ButtonLike[] | undefined): ButtonLike[] {
  return (components ?? []).flatMap((c) => [
    ...(c.type === ComponentType.Button ? [c] : []),
    ...findButtons(c.components),
    ...(c.accessory ? findButtons([c.accessory]) : []),
  ]);
}

/**
 * INTERACTION_CREATE data for a button click. Throws when the message has no
 * enabled button with that custom id: a user could not click it.
 */
export function buttonInteraction(
  world: FakeWorld,
  identity: { id: string; token: string },
  input: ButtonClickInput,
): { payload: APIMessageComponentButtonInteraction; user: APIUser; channelId: string } {
  const buttons = findButtons(input.message.components as ButtonLike[] | undefined);
  const button = buttons.find((b) => b.custom_id === input.customId);
  if (!button) {
    const known = buttons.map((b) => b.custom_id).filter(Boolean).join(', ') || 'none';
    throw new Error(`FakeDiscord: message ${input.message.id} has no button "${input.customId}" (buttons: ${known})`);
  }
  if (button.disabled) throw new Error(`FakeDiscord: button "${input.customId}" is disabled; it cannot be clicked`);
  const inGuild = world.textChannel(input.message.channel_id)?.type === ChannelType.GuildText;
  const { user, channel, fields } = baseFields(world, { ...input, channelId: input.channelId ?? input.message.channel_id, guild: inGuild }, identity);
  const payload = {
    ...fields,
    type: InteractionType.MessageComponent,
    message: input.message,
    data: { custom_id: input.customId, component_type: ComponentType.Button },
  } as APIMessageComponentButtonInteraction;
  return { payload, user, channelId: channel.id };
}
