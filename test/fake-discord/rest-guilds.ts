import { DiscordErrors } from './discord-errors.ts';
import type { FakeState } from './fake-state.ts';
import { guildCreatePayload } from './payloads.ts';
import { fail, ok, route, type Route } from './rest-router.ts';

/** Guild, user and gateway-discovery routes. */
export function guildRoutes(state: FakeState, gatewayUrl: () => string): Route[] {
  const { world } = state;
  const sameGuild = (id: string | undefined) => id === world.guildId;
  return [
    route('GET', '/gateway', () => ok({ url: gatewayUrl() })),
    route('GET', '/gateway/bot', () =>
      ok({ url: gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 } }),
    ),
    route('GET', '/users/@me', () => ok(world.botUser)),
    route('GET', '/users/:userId', ({ params }) => {
      const user = world.users.get(params.userId!);
      return user ? ok(user) : fail(DiscordErrors.unknownUser());
    }),
    route('GET', '/guilds/:guildId', ({ params }) => {
      if (!sameGuild(params.guildId)) return fail(DiscordErrors.unknownGuild());
      const { channels: _c, members: _m, threads: _t, presences: _p, voice_states: _v, ...guild } = guildCreatePayload(world);
      return ok({ ...guild, approximate_member_count: world.members.size, approximate_presence_count: 0 });
    }),
    route('GET', '/guilds/:guildId/channels', ({ params }) =>
      sameGuild(params.guildId) ? ok([...world.channels.values()]) : fail(DiscordErrors.unknownGuild()),
    ),
    route('GET', '/guilds/:guildId/roles', ({ params }) =>
      sameGuild(params.guildId) ? ok([...world.roles.values()]) : fail(DiscordErrors.unknownGuild()),
    ),
    route('GET', '/guilds/:guildId/members/:userId', ({ params }) => {
      if (!sameGuild(params.guildId)) return fail(DiscordErrors.unknownGuild());
      return world.members.has(params.userId!) ? ok(world.memberPayload(params.userId!)) : fail(DiscordErrors.unknownMember());
    }),
  ];
}
