import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, redactUrlPasswords } from '../../src/logger.ts';
import { fakeToken } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { startProcess } from '../support/run-process.ts';

/**
 * DATABASE_URL holds the database password: no log line may show it. The
 * logger hides every URL's password (`postgres://bot:***@`) whatever logged
 * it, and the bot started with an unreachable or refusing database prints
 * the host and port, never the password.
 */
const PASSWORD = 'never-in-a-log-7f3a';

describe('the logger (createLogger)', () => {
  it('replaces the password of any URL in a message, a field or an error stack by ***', () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger('debug', { destination });
    const url = `postgres://bot:${PASSWORD}@db.internal:5432/answers`;
    const error = new Error(`could not connect with ${url}`);
    logger.error(`connecting to ${url}`, { url, error: error.message, stack: error.stack, other: `postgresql://bot:${encodeURIComponent('p@ss/word')}@h/d?password=${PASSWORD}` });
    logger.warn('a URL without a password stays whole', { url: 'postgres://bot@db.internal/answers', page: 'https://example.com/a:b' });
    const out = lines.join('');
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toContain('p%40ss');
    expect(out).toContain('connecting to postgres://bot:***@db.internal:5432/answers');
    expect(JSON.parse(lines[0]!)).toMatchObject({ url: 'postgres://bot:***@db.internal:5432/answers', other: 'postgresql://bot:***@h/d?password=***' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ url: 'postgres://bot@db.internal/answers', page: 'https://example.com/a:b' });
  });

  it('leaves text without URLs as it was', () => {
    expect(redactUrlPasswords('time: 12:30, ratio 3:1 @ noon')).toBe('time: 12:30, ratio 3:1 @ noon');
  });
});

describe('npm start with a DATABASE_URL it cannot use', () => {
  let workspace: Workspace;
  beforeAll(async () => {
    workspace = await createWorkspace();
  }, 120_000);
  afterAll(() => workspace?.cleanup());

  /** A port nothing listens on: bound, then closed. */
  const closedPort = () =>
    new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });

  const start = (databaseUrl: string) => {
    const { TEST_DATABASE_URL: _, ...env } = workspace.env;
    return startProcess('src/discord/main.ts', { ...env, LOG_LEVEL: 'debug', DATABASE_URL: databaseUrl, DISCORD_TOKEN: fakeToken(), DISCORD_CLIENT_ID: '123456789012345678' });
  };

  it('names the unreachable server by host and port and never prints the password', async () => {
    const port = await closedPort();
    const bot = start(`postgres://bot:${PASSWORD}@127.0.0.1:${port}/answers`);
    expect(await bot.exited).toBe(1);
    const { stdout, stderr } = bot.output();
    expect(stderr).toContain(`127.0.0.1:${port}`);
    expect(stdout + stderr).not.toContain(PASSWORD);
  }, 120_000);

  const real = process.env.TEST_DATABASE_URL;
  if (!real) it.skip('a wrong password: needs TEST_DATABASE_URL (PGlite accepts any)', () => {});
  it.runIf(Boolean(real))('says the server refused the login, without the wrong password it was given', async () => {
    const url = new URL(real!);
    url.password = PASSWORD;
    const bot = start(url.toString());
    expect(await bot.exited).toBe(1);
    const { stdout, stderr } = bot.output();
    expect(stderr).toContain(`${url.hostname}:${url.port || 5432} refused the login: wrong password`);
    expect(stdout + stderr).not.toContain(PASSWORD);
  }, 120_000);
});
