import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  Locale,
  MessageFlags,
  MessageType,
  type APIAllowedMentions,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type APIUser,
  type ApplicationFlags,
  type GatewayGuildCreateDispatchData,
  type GatewayMessageCreateDispatchData,
  type GatewayReadyDispatchData,
  type GuildSystemChannelFlags,
} from 'discord-api-types/v10';
import type { FakeWorld } from './world.ts';

/** The shard Discord sends a server's events to: `(guild_id >> 22) % shard_count` (DMs go to shard 0). */
export const shardOf = (guildId: string | null, shardCount: number): number =>
  guildId === null ? 0 : Number((BigInt(guildId) >> 22n) % BigInt(shardCount));

/** READY for a new session: the bot user, the application, and the shard's guilds as unavailable until GUILD_CREATE. */
export function readyPayload(world: FakeWorld, sessionId: string, gatewayUrl: string, shard: [number, number]): GatewayReadyDispatchData {
  return {
    v: 10,
    user: world.botUser,
    guilds: world.guildIds.filter((id) => shardOf(id, shard[1]) === shard[0]).map((id) => ({ id, unavailable: true })),
    session_id: sessionId,
    resume_gateway_url: gatewayUrl,
    shard,
    application: { id: world.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
  };
}

/** GUILD_CREATE with roles, channels and the members the fake knows (the bot among them). */
export function guildCreatePayload(world: FakeWorld, guildId = world.guildId): GatewayGuildCreateDispatchData {
  const other = guildId !== world.guildId;
  // The second server knows only the bot, with no roles; its members come with each interaction.
  const members = other ? [{ ...world.memberPayload(world.botUser.id), roles: [] }] : [...world.members.keys()].map((id) => world.memberPayload(id));
  const roles = other ? [world.otherGuild!.everyone] : [...world.roles.values()];
  return {
    id: guildId, name: other ? 'Other Guild' : 'Fake Guild', icon: null, splash: null, discovery_splash: null, banner: null, description: null,
    owner_id: world.ownerId, afk_channel_id: null, afk_timeout: 300, verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled, roles, emojis: [], stickers: [],
    features: [], mfa_level: GuildMFALevel.None, application_id: null, system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags, rules_channel_id: null, vanity_url_code: null,
    premium_tier: GuildPremiumTier.None, premium_subscription_count: 0, preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null, nsfw_level: GuildNSFWLevel.Default, premium_progress_bar_enabled: false, hub_type: null,
    safety_alerts_channel_id: null, incidents_data: null, joined_at: world.joinedAt, large: false, unavailable: false,
    member_count: members.length, voice_states: [], members, channels: [...world.channels.values()].filter((c) => c.guild_id === guildId), threads: [],
    presences: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
  };
}

/**
 * Who a message pings, by Discord's rules: with no `allowed_mentions` every
 * known user, role and @everyone/@here mentioned pings (and a reply pings the
 * replied-to author); otherwise only what `parse` or the id lists allow, and
 * the replied-to author only with `replied_user: true`.
 */
function resolveMentions(world: FakeWorld, content: string, allowed: APIAllowedMentions | undefined, repliedTo?: APIUser) {
  const parse: string[] = allowed ? (allowed.parse ?? []) : ['users', 'roles', 'everyone'];
  const userIds = [...content.matchAll(/<@!?(\d{5,25})>/g)]
    .map((m) => m[1]!)
    .filter((id) => world.users.has(id) && (parse.includes('users') || (allowed?.users ?? []).includes(id)));
  if (repliedTo && (allowed ? allowed.replied_user === true : true)) userIds.push(repliedTo.id);
  const roleIds = [...content.matchAll(/<@&(\d{5,25})>/g)].map((m) => m[1]!).filter((id) => parse.includes('roles') || (allowed?.roles ?? []).includes(id));
  return {
    mentions: [...new Set(userIds)].map((id) => world.users.get(id)!),
    mention_roles: [...new Set(roleIds)],
    mention_everyone: parse.includes('everyone') && /@(everyone|here)\b/.test(content),
  };
}

/** What a new message is made of; `body` is the JSON the bot sent (or a user's message). */
export interface NewMessage {
  channelId: string;
  author: APIUser;
  body: { content?: unknown; embeds?: unknown; components?: unknown; flags?: unknown; allowed_mentions?: unknown };
  webhookId?: string;
  /** The id to give the message (a forum post's first message has its thread's id); default a new one. */
  id?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
  /** The message replied to, when the body had a `message_reference`. */
  referenced?: APIMessage;
  /** Flags forced by the fake (LOADING for a deferred reply), merged with the body's. */
  extraFlags?: number;
}

/** A full APIMessage as Discord would store it, with mentions resolved per `allowed_mentions`. */
export function buildMessage(world: FakeWorld, input: NewMessage): APIMessage {
  const { body, referenced } = input;
  const content = typeof body.content === 'string' ? body.content : '';
  return {
    id: input.id ?? world.ids.next(),
    channel_id: input.channelId,
    author: input.author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    ...resolveMentions(world, content, body.allowed_mentions as APIAllowedMentions | undefined, referenced?.author),
    attachments: [],
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    pinned: false,
    type: referenced ? MessageType.Reply : MessageType.Default,
    flags: (typeof body.flags === 'number' ? body.flags : 0) | (input.extraFlags ?? 0),
    ...(input.webhookId ? { webhook_id: input.webhookId } : {}),
    ...(input.interactionMetadata ? { application_id: world.applicationId, interaction_metadata: input.interactionMetadata } : {}),
    ...(referenced
      ? {
          message_reference: { type: 0, message_id: referenced.id, channel_id: referenced.channel_id, guild_id: world.guildId },
          referenced_message: referenced,
        }
      : {}),
  };
}

/**
 * The message after a PATCH: fields present in the body replace the old ones
 * (null clears), mentions are resolved again, a deferred reply stops "thinking".
 */
export function editedMessage(world: FakeWorld, current: APIMessage, body: Record<string, any>): APIMessage {
  const next: APIMessage = { ...current, edited_timestamp: new Date().toISOString(), flags: (current.flags ?? 0) & ~MessageFlags.Loading };
  if ('content' in body) next.content = body.content ?? '';
  if ('embeds' in body) next.embeds = body.embeds ?? [];
  if ('components' in body) next.components = body.components ?? [];
  if ('content' in body || 'allowed_mentions' in body) Object.assign(next, resolveMentions(world, next.content, body.allowed_mentions));
  return next;
}

/** MESSAGE_CREATE data: the message plus guild id, author member and mentioned members. */
export function messageEventPayload(world: FakeWorld, message: APIMessage): GatewayMessageCreateDispatchData {
  const member = (id: string) => {
    const { user: _user, ...rest } = world.memberPayload(id);
    return rest;
  };
  return {
    ...message,
    guild_id: world.guildId,
    channel_type: world.threads.has(message.channel_id) ? ChannelType.PublicThread : ChannelType.GuildText,
    ...(message.webhook_id ? {} : { member: member(message.author.id) }),
    mentions: message.mentions.map((user) => ({ ...user, member: member(user.id) })),
  };
}
