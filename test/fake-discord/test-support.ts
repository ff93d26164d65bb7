import { Client, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { afterEach, beforeEach, expect } from 'vitest';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.ts';

/** Intents a message-reading bot asks for (the bot's own, when it has ask channels). */
export const BOT_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];

/** A discord.js client pointed at `fake`, logged in and ready (guild cached); the caller destroys it. */
export async function loginClient(fake: FakeDiscord, options: Partial<ClientOptions> = {}, token = 'fake-bot-token'): Promise<Client<true>> {
  const client = new Client({ intents: BOT_INTENTS, ...options, rest: { ...options.rest, api: fake.apiBase } });
  const ready = new Promise<Client<true>>((resolve) => client.once('clientReady', resolve));
  try {
    await client.login(token);
    return await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
}

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
      const client = await loginClient(context.fake, clientOptions, token);
      context.clients.push(client);
      return client;
    },
  };
}
