import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDiscordConfig } from '../../src/config.ts';
import { Bot } from '../../src/discord/bot.ts';
import type { Command, SlashCommand } from '../../src/discord/command.ts';
import { loadCommands } from '../../src/discord/load-commands.ts';
import { registerCommands } from '../../src/discord/register-commands.ts';
import { Engine } from '../../src/engine.ts';
import { createLogger, silentLogger } from '../../src/logger.ts';
import { FakeDiscord } from '../fake-discord/index.ts';
import { fakeToken } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

describe('at start-up the bot compares the registered slash commands with commands/', () => {
  let workspace: Workspace;
  let fake: FakeDiscord;
  let engine: Engine;

  beforeAll(async () => {
    workspace = await createWorkspace();
    fake = new FakeDiscord();
    await fake.start();
    engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
  });
  afterAll(async () => {
    await engine?.close();
    await fake?.close();
    await workspace?.cleanup();
  });

  it('warns, naming each difference and npm run deploy-commands, when an upgrade added /article and changed /sources', async () => {
    const config = loadDiscordConfig({ DISCORD_TOKEN: fakeToken(), DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_BASE: fake.apiBase });
    const commands = await loadCommands(silentLogger);
    // What an older release registered: no /article, an older /sources, and a command since dropped.
    const old = new Map<string, Command>([
      ['ask', commands.get('ask')!],
      ['Ask about this message', commands.get('Ask about this message')!],
      ['reindex', commands.get('reindex')!],
      ['sources', { ...(commands.get('sources') as SlashCommand), data: { name: 'sources', description: 'List the articles' } }],
      ['stats', { data: { name: 'stats', description: 'Bot statistics' }, execute: async () => {} }],
    ]);
    await registerCommands(config, old);

    const logs: string[] = [];
    const destination = new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(chunk.toString()), done()) });
    const bot = new Bot({ engine, config, logger: createLogger('info', { secrets: [config.token], destination }), commands });
    await bot.start();
    await bot.stop();

    const warning = logs.map((l) => JSON.parse(l) as { msg: string; level: number | string }).find((l) => /differ from commands/.test(l.msg));
    expect(warning?.msg).toBe(
      `the slash commands registered in server ${fake.guildId} differ from commands/ (not registered: /article; registered with an older definition: /sources; registered but no longer in commands/: /stats); run npm run deploy-commands to update them`,
    );

    // After deploying, the same start-up says nothing.
    await registerCommands(config, commands);
    logs.length = 0;
    const again = new Bot({ engine, config, logger: createLogger('info', { secrets: [config.token], destination }), commands });
    await again.start();
    await again.stop();
    expect(logs.join('\n')).not.toMatch(/differ from commands|could not compare/);
    expect(fake.problems).toEqual([]);
  });
});
