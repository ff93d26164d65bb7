import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_UNAVAILABLE } from '../../src/discord/error-boundary.ts';
import { FakeDiscord } from '../fake-discord/index.ts';
import { fakeToken } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { startProcess, type RunningProcess } from '../support/run-process.ts';

/**
 * `npm start` with DATABASE_URL when the database goes away mid-life and
 * comes back. The server is a PGlite of this test's own, served on 127.0.0.1
 * by pglite-socket, so the test can take it away (every connection cut, the
 * port closed) and bring it back on the same port without touching a shared
 * PostgreSQL server other tests use.
 */
type SocketServer = { start(): Promise<void>; stop(): Promise<void>; getServerConn(): string };

let lite: { close(): Promise<void> };
let socket: SocketServer | null = null;
let port: number;
let workspace: Workspace;
let fake: FakeDiscord;
let bot: RunningProcess | undefined;
const token = fakeToken();

async function serve(onPort: number): Promise<SocketServer> {
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const server = new PGLiteSocketServer({ db: lite as never, host: '127.0.0.1', port: onPort, maxConnections: 8 });
  await server.start();
  return server;
}

beforeAll(async () => {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const db = await PGlite.create({ extensions: { vector } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
  lite = db;
  socket = await serve(0);
  port = Number(socket.getServerConn().split(':').pop());
  workspace = await createWorkspace();
  fake = new FakeDiscord({ token, timeoutMs: 30_000 });
  await fake.start();
}, 180_000);
afterAll(async () => {
  if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
  await fake?.close();
  await socket?.stop();
  await lite?.close();
  await workspace?.cleanup();
});

const textOf = (m: APIMessage) => `${m.content}\n${m.embeds?.map((e) => e.description ?? '').join('\n') ?? ''}`;

describe('npm start with DATABASE_URL when the database goes away and comes back', () => {
  it('tells the asker the article database is unavailable, stays up, and answers again once it is back', async () => {
    const { TEST_DATABASE_URL: _, ...rest } = workspace.env;
    const env = {
      ...rest,
      LOG_LEVEL: 'info',
      DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
      ASK_COOLDOWN_SECONDS: '0',
      DISCORD_TOKEN: token,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_API_BASE: fake.apiBase,
    };
    for (const script of ['db-migrate.ts', 'src/discord/deploy-commands.ts']) {
      const result = await runCli(script, [], env);
      expect(result.code, result.stderr).toBe(0);
    }
    bot = startProcess('src/discord/main.ts', env);
    await bot.waitForOutput(/logged in to Discord/, 120_000);
    const ask = async (user: string) =>
      textOf(await fake.slashCommand({ name: 'ask', options: { question: 'When did the soldier die?' }, user: { username: user } }).waitForResponse((m) => m.content !== '' || (m.embeds?.length ?? 0) > 0));

    expect(await ask('before')).toMatch(/27 December 2024/);

    await socket!.stop();
    socket = null;
    // A failure replaces the deferred reply with a private follow-up (the error boundary's note).
    const failing = fake.slashCommand({ name: 'ask', options: { question: 'When did the soldier die?' }, user: { username: 'during' } });
    let during = '';
    for (let tries = 0; during === '' && tries < 600; tries++) {
      const sent = failing.followUps().find((r) => r.status === 200);
      if (sent) during = String(sent.body.content ?? '');
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(during).toContain(DATABASE_UNAVAILABLE);
    expect(during).not.toContain(`127.0.0.1:${port}`);
    expect(bot.child.exitCode).toBeNull();
    expect(bot.output().stderr).toMatch(/"outcome":"database-unavailable"/);

    socket = await serve(port);
    expect(await ask('after')).toMatch(/27 December 2024/);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 300_000);
});
