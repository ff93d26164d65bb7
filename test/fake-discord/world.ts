import {
  ChannelType,
  OverwriteType,
  PermissionFlagsBits as P,
  type APIGuildMember,
  type APIOverwrite,
  type APIGuildForumChannel,
  type APIRole,
  type APITextChannel,
  type APIThreadChannel,
  type APIUser,
  type GuildMemberFlags,
  type RoleFlags,
} from 'discord-api-types/v10';

/** Discord's epoch (2015-01-01T00:00:00Z) in milliseconds; snowflakes count from here. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/** Unique, time-ordered snowflake ids like Discord's, so discord.js derives sensible `createdTimestamp`s. */
class Snowflakes {
  #increment = 0n;

  next(): string {
    this.#increment = (this.#increment + 1n) & 0xfffn;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | this.#increment).toString();
  }
}

/** What @everyone may do in a fresh Discord server (the subset that matters to a bot). */
const EVERYONE =
  P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.CreatePublicThreads | P.ReadMessageHistory | P.AddReactions |
  P.EmbedLinks | P.AttachFiles | P.UseExternalEmojis | P.UseApplicationCommands | P.CreateInstantInvite |
  P.ChangeNickname | P.Connect | P.Speak;

const ALL_PERMISSIONS = Object.values(P).reduce((all, bit) => all | bit, 0n);

/** The fixture guild's roles by name. The bot's own role is managed, as an invited bot's is. */
const ROLES: readonly { name: string; permissions: bigint; managed?: boolean }[] = [
  { name: 'everyone', permissions: EVERYONE },
  { name: 'member', permissions: 0n },
  { name: 'moderator', permissions: P.ManageGuild | P.ManageMessages | P.KickMembers | P.ModerateMembers },
  { name: 'bot', permissions: P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.AddReactions, managed: true },
];

/**
 * Text channels; `read-only` denies SendMessages to @everyone, the bot included;
 * `no-threads` denies CreatePublicThreads and SendMessagesInThreads.
 */
const TEXT_CHANNELS = ['general', 'ask', 'read-only', 'no-threads'] as const;
/** Forum channels: each post is a thread whose first message has the thread's id. */
const FORUM_CHANNELS = ['ask-forum'] as const;

/** The guild's channels the fake serves: text channels and forums (threads are kept apart, in `threads`). */
export type FakeChannel = APITextChannel | APIGuildForumChannel;

/** Overwrites of a fixture channel: what @everyone (the bot included) is denied there. */
function fixtureOverwrites(guildId: string, name: string): APIOverwrite[] {
  const deny = name === 'read-only' ? P.SendMessages : name === 'no-threads' ? P.CreatePublicThreads | P.SendMessagesInThreads : 0n;
  return deny ? [{ id: guildId, type: OverwriteType.Role, allow: '0', deny: deny.toString() }] : [];
}

/**
 * The state of the fake Discord: one application and bot user, one guild with
 * roles and text channels, the users seen so far, and permission maths like
 * Discord's (base roles, then channel overwrites).
 */
export class FakeWorld {
  readonly ids = new Snowflakes();
  readonly applicationId = this.ids.next();
  readonly botUser: APIUser = { id: this.ids.next(), username: 'Fake Bot', discriminator: '0001', global_name: null, avatar: null, bot: true };
  readonly guildId = this.ids.next();
  readonly joinedAt = new Date().toISOString();
  readonly roles = new Map<string, APIRole>();
  readonly channels = new Map<string, FakeChannel>();
  /** Threads started from messages and forum posts, by id; their permissions are their parent's. */
  readonly threads = new Map<string, APIThreadChannel>();
  readonly users = new Map<string, APIUser>();
  /** Guild members by user id: their role ids (without @everyone). */
  readonly members = new Map<string, string[]>();
  readonly ownerId: string;
  /** A second server (when asked for): its id, its @everyone role and its one text channel, `other-general`. */
  readonly otherGuild: { id: string; everyone: APIRole } | null;
  readonly #dmChannels = new Map<string, string>();
  readonly #idsByUsername = new Map<string, string>();

  constructor(options: { secondGuild?: boolean } = {}) {
    ROLES.forEach((spec, position) => {
      this.roles.set(spec.name, {
        id: spec.name === 'everyone' ? this.guildId : this.ids.next(),
        name: spec.name === 'everyone' ? '@everyone' : spec.name,
        color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null,
        unicode_emoji: null, position, permissions: spec.permissions.toString(), managed: spec.managed ?? false,
        mentionable: false, flags: 0 as RoleFlags,
        ...(spec.managed ? { tags: { bot_id: this.botUser.id } } : {}),
      });
    });
    TEXT_CHANNELS.forEach((name, position) => {
      const id = this.ids.next();
      this.channels.set(id, {
        id, type: ChannelType.GuildText, name, guild_id: this.guildId, position, parent_id: null,
        permission_overwrites: fixtureOverwrites(this.guildId, name), topic: null, nsfw: false, rate_limit_per_user: 0, last_message_id: null,
      });
    });
    FORUM_CHANNELS.forEach((name, i) => {
      const id = this.ids.next();
      this.channels.set(id, {
        id, type: ChannelType.GuildForum, name, guild_id: this.guildId, position: TEXT_CHANNELS.length + i, parent_id: null,
        permission_overwrites: [], topic: null, nsfw: false, rate_limit_per_user: 0, last_message_id: null,
        available_tags: [], default_reaction_emoji: null, default_thread_rate_limit_per_user: 0, default_sort_order: null,
        default_forum_layout: 0, flags: 0, default_auto_archive_duration: 1440,
      } as unknown as APIGuildForumChannel);
    });
    this.otherGuild = options.secondGuild ? this.#addOtherGuild() : null;
    this.users.set(this.botUser.id, this.botUser);
    this.members.set(this.botUser.id, [this.role('bot').id]);
    this.ownerId = this.user({ username: 'owner' }).id;
    this.members.set(this.ownerId, []);
  }

  #addOtherGuild(): { id: string; everyone: APIRole } {
    let id = this.ids.next();
    // One millisecond later when needed, so that a two-shard bot has one server on each shard (Discord: (id >> 22) % shards).
    if (((BigInt(id) ^ BigInt(this.guildId)) >> 22n) % 2n === 0n) id = (BigInt(id) + (1n << 22n)).toString();
    const everyone = { ...this.role('everyone'), id, name: '@everyone' };
    const channelId = this.ids.next();
    this.channels.set(channelId, {
      id: channelId, type: ChannelType.GuildText, name: 'other-general', guild_id: id, position: 0, parent_id: null,
      permission_overwrites: [], topic: null, nsfw: false, rate_limit_per_user: 0, last_message_id: null,
    });
    return { id, everyone };
  }

  /** The servers the bot is in. */
  get guildIds(): string[] {
    return this.otherGuild ? [this.guildId, this.otherGuild.id] : [this.guildId];
  }

  /** A role by fixture name (`everyone`, `member`, `moderator`, `bot`). */
  role(name: string): APIRole {
    const role = this.roles.get(name);
    if (!role) throw new Error(`FakeDiscord has no role "${name}"; known: ${[...this.roles.keys()].join(', ')}`);
    return role;
  }

  /** A text or forum channel by name. */
  channelByName(name: string): FakeChannel {
    const channel = [...this.channels.values()].find((c) => c.name === name);
    if (!channel) throw new Error(`FakeDiscord has no channel "${name}"; known: ${[...TEXT_CHANNELS, ...FORUM_CHANNELS].join(', ')}`);
    return channel;
  }

  /** A channel or thread by id, for routes that take either (post a message, typing). */
  channelOrThread(id: string): FakeChannel | APIThreadChannel | undefined {
    return this.channels.get(id) ?? this.threads.get(id);
  }

  /**
   * Resolves a partial user to a full one and remembers it. The same username
   * always maps to the same id, so tests can say `{ username: 'alice' }` twice.
   */
  user(partial: Partial<APIUser> = {}): APIUser {
    const username = partial.username ?? (partial.id && this.users.get(partial.id)?.username) ?? 'tester';
    const id = partial.id ?? this.#idsByUsername.get(username) ?? this.ids.next();
    this.#idsByUsername.set(username, id);
    const user: APIUser = {
      id, username, discriminator: '0', global_name: username.charAt(0).toUpperCase() + username.slice(1), avatar: null,
      ...this.users.get(id),
      ...partial,
    };
    this.users.set(id, user);
    return user;
  }

  /** Makes `userId` a guild member; with `roles` (names or ids), sets exactly those. Returns its role ids. */
  ensureMember(userId: string, roles?: readonly string[]): string[] {
    const existing = this.members.get(userId);
    if (existing && !roles) return existing;
    const ids = (roles ?? []).map((r) => this.roles.get(r)?.id ?? r);
    this.members.set(userId, ids);
    return ids;
  }

  /** The id of the DM channel between `userId` and the bot (one per user, made on first use). */
  dmChannelId(userId: string): string {
    let id = this.#dmChannels.get(userId);
    if (id === undefined) this.#dmChannels.set(userId, (id = this.ids.next()));
    return id;
  }

  /** The member object Discord sends for `userId`, making the user a member if needed. */
  memberPayload(userId: string): APIGuildMember & { user: APIUser } {
    return {
      user: this.users.get(userId) ?? this.user({ id: userId, username: `user-${userId}` }),
      nick: null, avatar: null, banner: null, roles: this.ensureMember(userId), joined_at: this.joinedAt,
      premium_since: null, deaf: false, mute: false, flags: 0 as GuildMemberFlags, pending: false, communication_disabled_until: null,
    };
  }

  /**
   * A member's permissions like Discord computes them: @everyone plus role
   * permissions (Administrator or owning the guild means everything), then the
   * channel's overwrites for @everyone, the member's roles, and the member.
   */
  permissions(userId: string, channelId?: string, roleIds?: readonly string[]): bigint {
    if (userId === this.ownerId) return ALL_PERMISSIONS;
    const roles = roleIds ?? this.ensureMember(userId);
    let base = BigInt(this.role('everyone').permissions);
    for (const role of this.roles.values()) if (roles.includes(role.id)) base |= BigInt(role.permissions);
    if (base & P.Administrator) return ALL_PERMISSIONS;
    // A thread has no overwrites of its own: Discord applies its parent channel's.
    const source = (channelId && this.threads.get(channelId)?.parent_id) || channelId;
    const overwrites = (source && this.channels.get(source)?.permission_overwrites) || [];
    const apply = (allow: bigint, deny: bigint) => (base = (base & ~deny) | allow);
    const everyone = overwrites.find((o) => o.id === this.guildId);
    if (everyone) apply(BigInt(everyone.allow), BigInt(everyone.deny));
    const forRoles = overwrites.filter((o) => o.type === OverwriteType.Role && roles.includes(o.id));
    apply(forRoles.reduce((a, o) => a | BigInt(o.allow), 0n), forRoles.reduce((d, o) => d | BigInt(o.deny), 0n));
    const forMember = overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId);
    if (forMember) apply(BigInt(forMember.allow), BigInt(forMember.deny));
    return base;
  }
}
