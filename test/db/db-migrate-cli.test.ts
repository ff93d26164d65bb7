import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/db/migrations.ts';
import { runCli } from '../support/run-cli.ts';
import { openTestServer, type TestServer } from '../support/test-database.ts';

/** `npm run db:migrate` as a real process: what an operator sees. */

const PASSWORD = 'Sup3r-Secret-pw';
const env = (url: string | undefined): NodeJS.ProcessEnv => {
  const { DATABASE_URL: _, TEST_DATABASE_URL: __, ...rest } = process.env;
  return url === undefined ? rest : { ...rest, DATABASE_URL: url };
};

/** A port on 127.0.0.1 that nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npm run db:migrate, failing', () => {
  it('names host:port of an unreachable server, never the password', async () => {
    const port = await closedPort();
    const result = await runCli('db-migrate.ts', [], env(`postgres://bot:${PASSWORD}@127.0.0.1:${port}/answers`));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot connect to PostgreSQL at 127.0.0.1:${port}: connection refused`);
    expect(result.stderr + result.stdout).not.toContain(PASSWORD);
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL without echoing it', async () => {
    const result = await runCli('db-migrate.ts', [], env(`mysql://bot:${PASSWORD}@127.0.0.1/answers`));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL (value hidden): expected a PostgreSQL URL, e.g. postgres://');
    expect(result.stderr).not.toContain(PASSWORD);
  });

  it('says how to install pgvector when the server lacks it', async () => {
    // A PostgreSQL without pgvector's files: PGlite started without its vector extension.
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const lite = await PGlite.create();
    const socket = new PGLiteSocketServer({ db: lite, host: '127.0.0.1', port: 0 });
    await socket.start();
    try {
      const address = socket.getServerConn();
      const result = await runCli('db-migrate.ts', [], env(`postgres://postgres:${PASSWORD}@${address}/postgres`));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`pgvector is not installed on the PostgreSQL server at ${address}: install pgvector 0.5 or newer`);
      expect(result.stderr).toContain('apt install postgresql-16-pgvector');
      expect(result.stderr).toContain('pgvector/pgvector:pg16');
      expect(result.stderr).not.toContain(PASSWORD);
      // Nothing was created: the schema is left for a run after pgvector is installed.
      expect((await lite.query(`SELECT to_regclass('schema_migrations') AS t`)).rows).toEqual([{ t: null }]);
    } finally {
      await socket.stop();
      await lite.close();
    }
  }, 120_000);

  it('says how to set DATABASE_URL when it is unset', async () => {
    const result = await runCli('db-migrate.ts', [], env(undefined));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL is not set');
  });
});

// PGlite cannot stand in here: the CLI chooses its schema through the URL's
// startup options, which the PGlite socket server does not apply.
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('npm run db:migrate against a server (real server only)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await openTestServer();
    console.info(`test/db/db-migrate-cli: ${server.description}`);
  });
  afterAll(() => server?.close());

  it('creates the schema, then reports it current; a wrong password is named as such, without it', async () => {
    const schema = await server.newSchema();
    try {
      // The schema goes in the URL the way an operator sharing a database would put it.
      const url = new URL(schema.url);
      const first = await runCli('db-migrate.ts', [], env(url.toString()));
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      for (const m of MIGRATIONS) expect(first.stdout).toContain(`applied migration ${m.version}: ${m.name}\n`);
      expect(first.stdout).toMatch(new RegExp(`upgraded from version 0 to ${SCHEMA_VERSION}\\. pgvector 0\\.\\d+\\.\\d+`));
      expect(first.stdout).not.toContain(decodeURIComponent(new URL(server.url).password));

      const second = await runCli('db-migrate.ts', [], env(url.toString()));
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(`is current (version ${SCHEMA_VERSION}); nothing to do`);

      url.password = PASSWORD;
      const refused = await runCli('db-migrate.ts', [], env(url.toString()));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`PostgreSQL at ${url.hostname}:${url.port || 5432} refused the login: wrong password`);
      expect(refused.stderr).not.toContain(PASSWORD);
    } finally {
      await schema.drop();
    }
  });
});
