import { Client, type ClientOptions } from 'discord.js';
import type { FakeDiscord } from './fake-discord.ts';

/**
 * Creates a discord.js Client pointed at the fake, logs it in and waits until
 * it is ready (guild cached). The caller must `await client.destroy()`.
 */
export async function loginClient(
  fake: FakeDiscord,
  options: Omit<ClientOptions, 'rest'> & { rest?: ClientOptions['rest'] },
  token = 'fake-bot-token',
): Promise<Client<true>> {
  const client = new Client({ ...options, rest: { ...options.rest, api: fake.apiBase } });
  const ready = new Promise<Client<true>>((resolve) => client.once('clientReady', resolve));
  try {
    await client.login(token);
    return await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
}
