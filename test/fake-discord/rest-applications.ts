import { DiscordErrors, apiError } from './discord-errors.ts';
import type { CommandScope } from './command-store.ts';
import { validateCommand, validateCommandList } from './command-validation.ts';
import type { FakeState } from './fake-state.ts';
import { fail, noContent, ok, route, type Route, type RouteRequest, type RouteResult } from './rest-router.ts';

const unknownApplication = () => apiError(404, 10002, 'Unknown Application');

/** Resolves the command scope from route params: 10002 for another application, 10004 for another guild. */
function scopeOf(state: FakeState, params: Record<string, string>): CommandScope | RouteResult {
  if (params.applicationId !== state.world.applicationId) return fail(unknownApplication());
  if (params.guildId === undefined) return 'global';
  return params.guildId === state.world.guildId ? params.guildId : fail(DiscordErrors.unknownGuild());
}

function withScope(state: FakeState, handle: (scope: CommandScope, request: RouteRequest) => RouteResult) {
  return (request: RouteRequest): RouteResult => {
    const scope = scopeOf(state, request.params);
    return typeof scope === 'string' ? handle(scope, request) : scope;
  };
}

function commandRoutes(state: FakeState, base: string): Route[] {
  const { commands } = state;
  return [
    route('GET', base, withScope(state, (scope) => ok(commands.list(scope)))),
    route('PUT', base, withScope(state, (scope, { body }) => {
      const invalid = validateCommandList(body).toResponse();
      return invalid ? fail(invalid) : ok(commands.set(scope, body));
    })),
    route('POST', base, withScope(state, (scope, { body }) => {
      const invalid = validateCommand(body).toResponse();
      if (invalid) return fail(invalid);
      const { command, created } = commands.upsert(scope, body);
      return ok(command, created ? 201 : 200);
    })),
    route('GET', `${base}/:commandId`, withScope(state, (scope, { params }) => {
      const command = commands.get(scope, params.commandId!);
      return command ? ok(command) : fail(DiscordErrors.unknownCommand());
    })),
    route('PATCH', `${base}/:commandId`, withScope(state, (scope, { params, body }) => {
      const existing = commands.get(scope, params.commandId!);
      if (!existing) return fail(DiscordErrors.unknownCommand());
      const invalid = validateCommand({ ...existing, ...body }).toResponse();
      return invalid ? fail(invalid) : ok(commands.patch(scope, params.commandId!, body));
    })),
    route('DELETE', `${base}/:commandId`, withScope(state, (scope, { params }) =>
      commands.delete(scope, params.commandId!) ? noContent() : fail(DiscordErrors.unknownCommand()),
    )),
  ];
}

/** The current application, as `GET /applications/@me` returns it. */
function application(state: FakeState) {
  const { world } = state;
  return {
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: 'A fake application served by FakeDiscord.',
    summary: '',
    bot_public: true,
    bot_require_code_grant: false,
    bot: world.botUser,
    verify_key: '0'.repeat(64),
    owner: world.users.get(world.ownerId),
    team: null,
    flags: 0,
    approximate_guild_count: 1,
    install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' },
  };
}

/** Application routes: the current application and global and guild command registration. */
export function applicationRoutes(state: FakeState): Route[] {
  return [
    route('GET', '/applications/@me', () => ok(application(state))),
    ...commandRoutes(state, '/applications/:applicationId/commands'),
    ...commandRoutes(state, '/applications/:applicationId/guilds/:guildId/commands'),
  ];
}
