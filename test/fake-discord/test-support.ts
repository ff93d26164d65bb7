import { GatewayIntentBits, type Client, type ClientOptions } from 'discord.js';
import { afterEach, beforeEach, expect } from 'vitest';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.ts';
import { loginClient } from './login-client.ts';

/** Intents a typical message-reading bot asks for. */
export const BOT_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.DirectMessages,
];

/**
 * Gives each test a started FakeDiscord and a `login()` for clients that are
 * destroyed afterwards; after each test the fake must have noted no problems
 * (tests that provoke one clear `fake.problems` themselves).
 */
export function useFakeDiscord(options: FakeDiscordOptions = {}) {
  const context = { fake: undefined as unknown as FakeDiscord, clients: [] as Client[] };
  beforeEach(async () => {
    context.fake = new FakeDiscord(options);
    context.clients = [];
    await context.fake.start();
  });
  afterEach(async () => {
    await Promise.all(context.clients.map((client) => client.destroy()));
    await context.fake.close();
    expect(context.fake.problems).toEqual([]);
  });
  return {
    get fake(): FakeDiscord {
      return context.fake;
    },
    /** Logs a client in (default intents: {@link BOT_INTENTS}) and waits for it to be ready. */
    async login(clientOptions: Partial<ClientOptions> = {}, token?: string): Promise<Client<true>> {
      const client = await loginClient(context.fake, { intents: BOT_INTENTS, ...clientOptions }, token);
      context.clients.push(client);
      return client;
    },
    /** Registers a client created elsewhere so it is destroyed after the test. */
    track(client: Client): void {
      context.clients.push(client);
    },
  };
}
