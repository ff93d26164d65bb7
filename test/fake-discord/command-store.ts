import { ApplicationCommandType, type APIApplicationCommand } from 'discord-api-types/v10';
import type { FakeWorld } from './world.ts';

/** The scope commands live in: global, or one guild's id. */
export type CommandScope = 'global' | string;

/**
 * Registered application commands per scope. Like Discord, overwriting a
 * command with the same name and type keeps its id.
 */
export class CommandStore {
  readonly #scopes = new Map<CommandScope, APIApplicationCommand[]>();
  readonly #world: FakeWorld;

  constructor(world: FakeWorld) {
    this.#world = world;
  }

  /** Commands of a scope, in registration order. */
  list(scope: CommandScope): APIApplicationCommand[] {
    return this.#scopes.get(scope) ?? [];
  }

  /** Replaces a scope's commands (bulk overwrite) and returns the stored versions. */
  set(scope: CommandScope, bodies: readonly Record<string, any>[]): APIApplicationCommand[] {
    const stored = bodies.map((body) => this.#toCommand(scope, body, this.#find(scope, body)));
    this.#scopes.set(scope, stored);
    return stored;
  }

  /** Creates a command, or updates the one with the same name and type. */
  upsert(scope: CommandScope, body: Record<string, any>): { command: APIApplicationCommand; created: boolean } {
    const existing = this.#find(scope, body);
    const command = this.#toCommand(scope, body, existing);
    const others = this.list(scope).filter((c) => c.id !== existing?.id);
    this.#scopes.set(scope, [...others, command]);
    return { command, created: !existing };
  }

  /** Applies a partial update to a command by id. */
  patch(scope: CommandScope, id: string, body: Record<string, any>): APIApplicationCommand | undefined {
    const existing = this.get(scope, id);
    if (!existing) return undefined;
    const command = this.#toCommand(scope, { ...existing, ...body }, existing);
    this.#scopes.set(scope, this.list(scope).map((c) => (c.id === id ? command : c)));
    return command;
  }

  /** Removes a command by id; false when it did not exist. */
  delete(scope: CommandScope, id: string): boolean {
    const before = this.list(scope);
    this.#scopes.set(scope, before.filter((c) => c.id !== id));
    return before.length !== this.list(scope).length;
  }

  /** A command of a scope by id. */
  get(scope: CommandScope, id: string): APIApplicationCommand | undefined {
    return this.list(scope).find((c) => c.id === id);
  }

  /** The chat-input command a user in `guildId` would run by `name` (guild commands shadow global ones). */
  resolve(name: string, guildId: string | null): APIApplicationCommand | undefined {
    const isChat = (c: APIApplicationCommand) => c.name === name && c.type === ApplicationCommandType.ChatInput;
    return (guildId ? this.list(guildId).find(isChat) : undefined) ?? this.list('global').find(isChat);
  }

  #find(scope: CommandScope, body: Record<string, any>): APIApplicationCommand | undefined {
    const type = body.type ?? ApplicationCommandType.ChatInput;
    return this.list(scope).find((c) => c.name === body.name && c.type === type);
  }

  #toCommand(scope: CommandScope, body: Record<string, any>, existing?: APIApplicationCommand): APIApplicationCommand {
    const type = body.type ?? ApplicationCommandType.ChatInput;
    return {
      ...body,
      id: existing?.id ?? this.#world.ids.next(),
      application_id: this.#world.applicationId,
      ...(scope === 'global' ? {} : { guild_id: scope }),
      name: body.name,
      type,
      description: type === ApplicationCommandType.ChatInput ? body.description : '',
      options: body.options ?? [],
      default_member_permissions: body.default_member_permissions ?? null,
      dm_permission: body.dm_permission ?? true,
      nsfw: body.nsfw ?? false,
      integration_types: body.integration_types ?? [0],
      contexts: body.contexts ?? null,
      version: this.#world.ids.next(),
    } as APIApplicationCommand;
  }
}
