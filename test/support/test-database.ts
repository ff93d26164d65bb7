import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.ts';
import { Database, type DatabaseOptions } from '../../src/db/connect.ts';
import { serverAddress } from '../../src/db/server-address.ts';

/**
 * Where the database tests run. With TEST_DATABASE_URL (CI sets it from
 * scripts/test-db.sh) they use that real PostgreSQL with pgvector; without
 * it, PGlite (PostgreSQL compiled to WebAssembly, with its pgvector build)
 * served on 127.0.0.1 over the wire protocol by pglite-socket, so the same
 * `pg` client code runs either way. PGlite is one session: tests that need
 * two (advisory locks between connections, a timeout on a second
 * connection) check `multiSession` and are skipped there.
 *
 * Open one server per test file (`beforeAll`) and one schema per test: each
 * test starts from an empty schema, and files can run in parallel.
 */
export interface TestServer {
  /** Which server, for the line each suite prints. */
  readonly description: string;
  readonly kind: 'postgresql' | 'pglite';
  /** Several independent sessions (a real server); false on PGlite. */
  readonly multiSession: boolean;
  /** The server's URL (the schema is chosen per connection). */
  readonly url: string;
  /** A new, empty schema of the test's own. */
  newSchema(): Promise<TestSchema>;
  /** Stops PGlite (a real server is left running). */
  close(): Promise<void>;
}

export interface TestSchema {
  readonly name: string;
  /**
   * The server's URL with this schema in its startup options
   * (`options=-c search_path=<schema>,public`), as an operator sharing a
   * database sets DATABASE_URL for a process. PGlite ignores startup options.
   */
  readonly url: string;
  /** Settings as `loadDatabaseConfig` would give them for this server. */
  config(statementTimeoutMs?: number): DatabaseConfig;
  /** A {@link Database} working in this schema; closed by `drop`. */
  open(options?: Omit<DatabaseOptions, 'schema'>): Database;
  /** Closes what `open` opened and drops the schema. */
  drop(): Promise<void>;
}

/** Connects to TEST_DATABASE_URL, or starts PGlite when it is unset. */
export async function openTestServer(): Promise<TestServer> {
  const realUrl = process.env.TEST_DATABASE_URL;
  if (realUrl) {
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: realUrl });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    return server(realUrl, 'postgresql', `PostgreSQL at ${serverAddress(realUrl)} (TEST_DATABASE_URL)`, admin, async () => {});
  }
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const lite = await startPglite();
  // Statements of all connections run in PGlite's one session; more than one connection is
  // allowed only so that a test's new connection is not refused while the last test's closes,
  // and because a bot process with DATABASE_URL keeps one more open for LISTEN (src/db/index-changes.ts).
  const socket = new PGLiteSocketServer({ db: lite, host: '127.0.0.1', port: 0, maxConnections: 6 });
  await socket.start();
  const address = socket.getServerConn();
  const version = (await lite.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]?.v;
  // Schemas are made and dropped in-process, not through a connection of the socket server.
  const admin = async (sql: string) => void (await lite.exec(sql));
  return server(`postgres://postgres:postgres@${address}/postgres`, 'pglite', `PGlite ${version} on ${address} (TEST_DATABASE_URL unset: several-session tests skipped)`, admin, async () => {
    await socket.stop();
    await lite.close();
  });
}

/**
 * A PGlite with pgvector created. A new PGlite runs initdb (~14 s on a busy
 * two-core machine); loading a data folder saved after the first one takes
 * ~3 s, so the first test file saves one in the temp folder for the others.
 */
async function startPglite() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const versionOf = async (name: string) =>
    (JSON.parse(await readFile(new URL(`../../node_modules/@electric-sql/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
  const saved = path.join(os.tmpdir(), `article-bot-pglite-${await versionOf('pglite')}-vector-${await versionOf('pglite-pgvector')}.tgz`);
  const data = await readFile(saved).catch(() => null);
  if (data) {
    try {
      return await PGlite.create({ extensions: { vector }, loadDataDir: new Blob([data]) });
    } catch {
      // A damaged saved folder: start afresh below (and save it again).
    }
  }
  const lite = await PGlite.create({ extensions: { vector } });
  await lite.exec('CREATE EXTENSION IF NOT EXISTS vector');
  const dump = Buffer.from(await (await lite.dumpDataDir('gzip')).arrayBuffer());
  const temporary = `${saved}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temporary, dump);
  await rename(temporary, saved);
  return lite;
}

function server(
  url: string,
  kind: TestServer['kind'],
  description: string,
  admin: (sql: string) => Promise<void>,
  stop: () => Promise<void>,
): TestServer {
  const multiSession = kind === 'postgresql';
  return {
    description,
    kind,
    multiSession,
    url,
    async newSchema() {
      const name = `test_${randomBytes(6).toString('hex')}`;
      await admin(`CREATE SCHEMA ${pg.escapeIdentifier(name)}`);
      const opened: Database[] = [];
      const withSchema = new URL(url);
      withSchema.searchParams.set('options', `-c search_path=${name},public`);
      const config = (statementTimeoutMs = 15_000): DatabaseConfig => ({ url, statementTimeoutMs });
      return {
        name,
        url: withSchema.toString(),
        config,
        open(options = {}) {
          // PGlite serves one session: one connection, or statements of two would interleave in it.
          const db = new Database(config(), { ...options, schema: name, maxConnections: multiSession ? options.maxConnections : 1 });
          opened.push(db);
          return db;
        },
        async drop() {
          await Promise.all(opened.map((db) => db.close().catch(() => {})));
          await admin(`DROP SCHEMA ${pg.escapeIdentifier(name)} CASCADE`);
        },
      };
    },
    close: stop,
  };
}

/** The database a suite's processes (CLI, bot) work in, through DATABASE_URL. */
export interface SuiteDatabase {
  readonly server: TestServer;
  /** DATABASE_URL for the suite's processes: its own schema on a real server; PGlite whole (it ignores the schema option). */
  readonly url: string;
  /** One connection to where the processes write, for a test to look at the tables; the test closes it. */
  inspect(): Database;
  /** Drops the schema and stops PGlite. */
  close(): Promise<void>;
}

/** Opens the test server (see {@link openTestServer}) for a suite that runs processes against it, printing which under `label`. */
export async function openSuiteDatabase(label: string): Promise<SuiteDatabase> {
  const server = await openTestServer();
  console.info(`${label}: ${server.description}`);
  const schema = server.multiSession ? await server.newSchema() : null;
  const url = schema?.url ?? server.url;
  return {
    server,
    url,
    inspect: () => new Database({ url, statementTimeoutMs: 15_000 }, { schema: schema?.name, maxConnections: 1 }),
    async close() {
      await schema?.drop();
      await server.close();
    },
  };
}
