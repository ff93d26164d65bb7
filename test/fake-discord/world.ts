import {
  ChannelType,
  OverwriteType,
  PermissionFlagsBits,
  type APIDMChannel,
  type GuildMemberFlags,
  type RoleFlags,
  type APIGuildCategoryChannel,
  type APIGuildMember,
  type APIOverwrite,
  type APIRole,
  type APITextChannel,
  type APIUser,
} from 'discord-api-types/v10';
import { SnowflakeFactory } from './snowflake.ts';

/** A guild channel the fake knows: text channels plus their category. */
export type FakeGuildChannel = APITextChannel | APIGuildCategoryChannel;

/** Any channel a message can be posted in. */
export type FakeTextChannel = APITextChannel | APIDMChannel;

const P = PermissionFlagsBits;

/** What @everyone may do in a fresh Discord server (the subset that matters to a bot). */
const EVERYONE_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.ReadMessageHistory | P.AddReactions |
  P.EmbedLinks | P.AttachFiles | P.UseExternalEmojis | P.UseApplicationCommands | P.CreateInstantInvite |
  P.ChangeNickname | P.Connect | P.Speak;

/** Every permission bit, used when Administrator is set. */
const ALL_PERMISSIONS = Object.values(P).reduce((all, bit) => all | bit, 0n);

/** The roles the fixture guild has, by name, with their permissions. */
const ROLE_SPECS: readonly { name: string; permissions: bigint; position: number; managed?: boolean }[] = [
  { name: 'everyone', permissions: EVERYONE_PERMISSIONS, position: 0 },
  { name: 'member', permissions: 0n, position: 1 },
  { name: 'moderator', permissions: P.ManageGuild | P.ManageMessages | P.KickMembers | P.ModerateMembers, position: 2 },
  { name: 'admin', permissions: P.Administrator, position: 3 },
  { name: 'bot', permissions: P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.AddReactions, position: 4, managed: true },
];

/** Text channels of the fixture guild; `read-only` denies SendMessages to everyone, the bot included. */
const TEXT_CHANNELS = ['general', 'ask', 'bot-log', 'read-only'] as const;

function nowIso(): string {
  return new Date().toISOString();
}

/**
 * The state of the fake Discord: one application and bot user, one guild with
 * roles, a category and a few text channels, users seen so far, DM channels,
 * and permission maths like Discord's (base roles, then channel overwrites).
 */
export class FakeWorld {
  readonly ids = new SnowflakeFactory();
  readonly applicationId = this.ids.next();
  readonly botUser: APIUser = {
    id: this.ids.next(),
    username: 'Fake Bot',
    discriminator: '0001',
    global_name: null,
    avatar: null,
    bot: true,
  };
  readonly guildId = this.ids.next();
  readonly guildName = 'Fake Guild';
  readonly ownerId: string;
  readonly guildJoinedAt = nowIso();
  readonly roles = new Map<string, APIRole>();
  readonly channels = new Map<string, FakeGuildChannel>();
  readonly dmChannels = new Map<string, APIDMChannel>();
  readonly users = new Map<string, APIUser>();
  /** Guild members by user id: their role ids (without @everyone) and join time. */
  readonly members = new Map<string, { roles: string[]; joinedAt: string }>();
  readonly #idsByUsername = new Map<string, string>();

  constructor() {
    for (const spec of ROLE_SPECS) {
      const id = spec.name === 'everyone' ? this.guildId : this.ids.next();
      this.roles.set(spec.name, {
        id,
        name: spec.name === 'everyone' ? '@everyone' : spec.name,
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: spec.position,
        permissions: spec.permissions.toString(),
        managed: spec.managed ?? false,
        mentionable: false,
        flags: 0 as RoleFlags,
        ...(spec.managed ? { tags: { bot_id: this.botUser.id } } : {}),
      });
    }
    const categoryId = this.ids.next();
    this.channels.set(categoryId, {
      id: categoryId, type: ChannelType.GuildCategory, name: 'Text Channels', guild_id: this.guildId,
      position: 0, permission_overwrites: [], parent_id: null, nsfw: false,
    });
    TEXT_CHANNELS.forEach((name, position) => {
      const id = this.ids.next();
      const overwrites: APIOverwrite[] =
        name === 'read-only'
          ? [{ id: this.guildId, type: OverwriteType.Role, allow: '0', deny: P.SendMessages.toString() }]
          : [];
      this.channels.set(id, {
        id, type: ChannelType.GuildText, name, guild_id: this.guildId, position, parent_id: categoryId,
        permission_overwrites: overwrites, topic: null, nsfw: false, rate_limit_per_user: 0,
        last_message_id: null,
      });
    });
    this.users.set(this.botUser.id, this.botUser);
    this.members.set(this.botUser.id, { roles: [this.role('bot').id], joinedAt: this.guildJoinedAt });
    this.ownerId = this.user({ username: 'owner' }).id;
    this.members.set(this.ownerId, { roles: [this.role('admin').id], joinedAt: this.guildJoinedAt });
  }

  /** A role by fixture name (`everyone`, `member`, `moderator`, `admin`, `bot`). */
  role(name: string): APIRole {
    const role = this.roles.get(name);
    if (!role) throw new Error(`FakeDiscord has no role "${name}"; known: ${[...this.roles.keys()].join(', ')}`);
    return role;
  }

  /** A guild text channel by name. */
  channelByName(name: string): APITextChannel {
    for (const channel of this.channels.values()) {
      if (channel.name === name && channel.type === ChannelType.GuildText) return channel;
    }
    const known = [...this.channels.values()].filter((c) => c.type === ChannelType.GuildText).map((c) => c.name);
    throw new Error(`FakeDiscord has no text channel "${name}"; known: ${known.join(', ')}`);
  }

  /** A channel messages can be posted in (guild text or DM), or undefined. */
  textChannel(id: string): FakeTextChannel | undefined {
    const channel = this.channels.get(id) ?? this.dmChannelById(id);
    return channel && channel.type !== ChannelType.GuildCategory ? channel : undefined;
  }

  /**
   * Resolves a partial user to a full one and remembers it. The same username
   * always maps to the same id, so tests can say `{ username: 'alice' }` twice.
   */
  user(partial: Partial<APIUser> = {}): APIUser {
    const known = partial.id ? this.users.get(partial.id) : undefined;
    const username = partial.username ?? known?.username ?? 'tester';
    const id = partial.id ?? this.#idsByUsername.get(username) ?? this.ids.next();
    this.#idsByUsername.set(username, id);
    const user: APIUser = {
      id,
      username,
      discriminator: '0',
      global_name: username.charAt(0).toUpperCase() + username.slice(1),
      avatar: null,
      ...this.users.get(id),
      ...partial,
    };
    this.users.set(id, user);
    return user;
  }

  /** Makes `userId` a guild member with exactly `roles` (names or ids) unless it already is one. */
  ensureMember(userId: string, roles?: readonly string[]): { roles: string[]; joinedAt: string } {
    const existing = this.members.get(userId);
    if (existing && !roles) return existing;
    const member = { roles: (roles ?? []).map((r) => this.roles.get(r)?.id ?? r), joinedAt: existing?.joinedAt ?? nowIso() };
    this.members.set(userId, member);
    return member;
  }

  /** The member object Discord sends for `userId`, making the user a member if needed. */
  memberPayload(userId: string): APIGuildMember {
    const member = this.ensureMember(userId);
    const user = this.users.get(userId) ?? this.user({ id: userId, username: `user-${userId}` });
    return {
      user,
      nick: null, avatar: null, banner: null, roles: member.roles, joined_at: member.joinedAt,
      premium_since: null, deaf: false, mute: false, flags: 0 as GuildMemberFlags, pending: false, communication_disabled_until: null,
    };
  }

  /** The DM channel between the bot and `userId`, created on first use. */
  dmChannel(userId: string): APIDMChannel {
    const existing = this.dmChannels.get(userId);
    if (existing) return existing;
    const user = this.users.get(userId) ?? this.user({ id: userId, username: `user-${userId}` });
    const channel: APIDMChannel = { id: this.ids.next(), type: ChannelType.DM, name: null, recipients: [user], last_message_id: null };
    this.dmChannels.set(userId, channel);
    return channel;
  }

  /** Finds a DM channel by its channel id. */
  dmChannelById(channelId: string): APIDMChannel | undefined {
    return [...this.dmChannels.values()].find((c) => c.id === channelId);
  }

  /**
   * A member's permissions like Discord computes them: @everyone plus role
   * permissions, Administrator means everything, then the channel's overwrites
   * (@everyone, roles, member) when a channel is given. DMs allow messaging.
   */
  permissions(userId: string, channelId?: string, roleIds?: readonly string[]): bigint {
    if (channelId && this.dmChannelById(channelId)) return P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.EmbedLinks | P.AttachFiles;
    if (userId === this.ownerId) return ALL_PERMISSIONS;
    const roles = roleIds ?? this.ensureMember(userId).roles;
    let base = BigInt(this.role('everyone').permissions);
    for (const id of roles) {
      const role = [...this.roles.values()].find((r) => r.id === id);
      if (role) base |= BigInt(role.permissions);
    }
    if (base & P.Administrator) return ALL_PERMISSIONS;
    const channel = channelId ? this.channels.get(channelId) : undefined;
    const overwrites = channel?.permission_overwrites ?? [];
    const apply = (o: APIOverwrite | undefined) => {
      if (o) base = (base & ~BigInt(o.deny)) | BigInt(o.allow);
    };
    apply(overwrites.find((o) => o.id === this.guildId));
    let allow = 0n;
    let deny = 0n;
    for (const o of overwrites) {
      if (o.type === OverwriteType.Role && roles.includes(o.id)) {
        allow |= BigInt(o.allow);
        deny |= BigInt(o.deny);
      }
    }
    base = (base & ~deny) | allow;
    apply(overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId));
    return base;
  }
}
