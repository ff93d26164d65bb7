import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  Locale,
  MessageType,
  type APIAllowedMentions,
  type ApplicationFlags,
  type GuildSystemChannelFlags,
  type APIAttachment,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayMessageCreateDispatchData,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { resolveMentions } from './mentions.ts';
import type { FakeWorld } from './world.ts';

/** A file uploaded with a multipart request (the bytes are not kept). */
export interface RecordedFile {
  /** Form field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

/** READY for a new session: the bot user, the application, and the guild as unavailable until GUILD_CREATE. */
export function readyPayload(world: FakeWorld, sessionId: string, resumeGatewayUrl: string): GatewayReadyDispatchData {
  return {
    v: 10,
    user: world.botUser,
    guilds: [{ id: world.guildId, unavailable: true }],
    session_id: sessionId,
    resume_gateway_url: resumeGatewayUrl,
    shard: [0, 1],
    application: { id: world.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
  };
}

/** GUILD_CREATE with roles, channels and the members the fake knows (the bot among them). */
export function guildCreatePayload(world: FakeWorld): GatewayGuildCreateDispatchData {
  const members = [...world.members.keys()].map((id) => world.memberPayload(id));
  return {
    id: world.guildId,
    name: world.guildName,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: world.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [...world.roles.values()],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: world.guildJoinedAt,
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels: [...world.channels.values()],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** What a new message is made of; `body` is the JSON the bot sent (or a user's message). */
export interface NewMessage {
  id: string;
  channelId: string;
  author: APIUser;
  body: {
    content?: unknown;
    embeds?: unknown;
    components?: unknown;
    flags?: unknown;
    tts?: unknown;
    nonce?: unknown;
    allowed_mentions?: unknown;
    poll?: unknown;
  };
  files?: readonly RecordedFile[];
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
  /** The message replied to, when the body had a `message_reference`. */
  referenced?: APIMessage;
  /** Flags forced by the fake (e.g. LOADING for a deferred reply), merged with the body's. */
  extraFlags?: number;
}

/** Attachment objects for uploaded files, with fake CDN URLs. */
export function attachmentsFrom(world: FakeWorld, files: readonly RecordedFile[]): APIAttachment[] {
  return files.map((file) => {
    const id = world.ids.next();
    const url = `https://cdn.fake-discord.invalid/attachments/${id}/${encodeURIComponent(file.filename)}`;
    return { id, filename: file.filename, size: file.size, url, proxy_url: url, content_type: file.contentType };
  });
}

/** Builds a full APIMessage as Discord would store it, with mentions resolved per `allowed_mentions`. */
export function buildMessage(world: FakeWorld, input: NewMessage): APIMessage {
  const { body } = input;
  const content = typeof body.content === 'string' ? body.content : '';
  const mentions = resolveMentions(
    content,
    body.allowed_mentions as APIAllowedMentions | undefined,
    (id) => world.users.has(id),
    input.referenced?.author,
  );
  const flags = (typeof body.flags === 'number' ? body.flags : 0) | (input.extraFlags ?? 0);
  return {
    id: input.id,
    channel_id: input.channelId,
    author: input.author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: body.tts === true,
    mention_everyone: mentions.everyone,
    mentions: mentions.users.flatMap((id) => world.users.get(id) ?? []),
    mention_roles: mentions.roles,
    attachments: attachmentsFrom(world, input.files ?? []),
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    pinned: false,
    type: input.referenced ? MessageType.Reply : MessageType.Default,
    flags,
    ...(typeof body.nonce === 'string' || typeof body.nonce === 'number' ? { nonce: body.nonce } : {}),
    ...(input.webhookId ? { webhook_id: input.webhookId } : {}),
    ...(input.applicationId ? { application_id: input.applicationId } : {}),
    ...(input.interactionMetadata ? { interaction_metadata: input.interactionMetadata } : {}),
    ...(input.referenced
      ? {
          message_reference: { type: 0, message_id: input.referenced.id, channel_id: input.referenced.channel_id, ...(world.textChannel(input.channelId)?.type === ChannelType.GuildText ? { guild_id: world.guildId } : {}) },
          referenced_message: input.referenced,
        }
      : {}),
  };
}

/** MESSAGE_CREATE / MESSAGE_UPDATE data: the message plus guild id, author member and mentioned members. */
export function messageEventPayload(world: FakeWorld, message: APIMessage): GatewayMessageCreateDispatchData {
  const channel = world.textChannel(message.channel_id);
  if (channel?.type !== ChannelType.GuildText) return { ...message, channel_type: ChannelType.DM };
  const withoutUser = (id: string) => {
    const { user: _user, ...member } = world.memberPayload(id);
    return member;
  };
  return {
    ...message,
    guild_id: world.guildId,
    channel_type: ChannelType.GuildText,
    ...(message.webhook_id ? {} : { member: withoutUser(message.author.id) }),
    mentions: message.mentions.map((user) => ({ ...user, member: withoutUser(user.id) })),
  };
}
