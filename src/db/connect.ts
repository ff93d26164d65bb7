import pg from 'pg';
import { DEFAULT_HNSW_EF_SEARCH, type DatabaseConfig } from '../config.ts';
import { explainDatabaseError } from './database-errors.ts';
import { databaseName, serverAddress } from './server-address.ts';

/** Time allowed to open one connection before it counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

export interface DatabaseOptions {
  /** Most connections open at once (pg's default, 10, unless given). */
  maxConnections?: number;
  /**
   * Schema searched first (then `public`, where pgvector's type lives): lets
   * several schemas share one database, as each test does.
   */
  schema?: string;
  /** Told when the server drops a connection between statements (restart, network cut); the pool replaces idle ones. */
  onConnectionError?: (error: Error) => void;
}

/**
 * The connections to PostgreSQL, with `query` that turns connection failures
 * into a {@link DatabaseUnavailableError} naming host:port (never the
 * password). Every query filters by collection itself; this only carries them.
 */
export class Database {
  /** `host:port` of the server, for messages. */
  readonly server: string;
  readonly pool: pg.Pool;
  /** `maintenance_work_mem` for index builds, in MB (DATABASE_BUILD_MEMORY_MB); undefined: the server's. */
  readonly buildMemoryMb: number | undefined;
  private readonly database: string;
  private readonly onConnectionError: ((error: Error) => void) | undefined;

  constructor(config: DatabaseConfig, options: DatabaseOptions = {}) {
    this.server = serverAddress(config.url);
    this.database = databaseName(config.url);
    this.buildMemoryMb = config.buildMemoryMb;
    this.pool = new pg.Pool({
      connectionString: config.url,
      max: options.maxConnections,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // Sent at connection start, so it holds for every statement of every connection.
      statement_timeout: config.statementTimeoutMs,
      application_name: 'article-answer-bot',
      // Awaited by the pool before it hands the new connection out.
      onConnect: sessionSettings(options.schema, config.hnswEfSearch ?? DEFAULT_HNSW_EF_SEARCH),
    });
    this.onConnectionError = options.onConnectionError;
    // Without a listener, an idle connection's error (server restart) would crash the process.
    this.pool.on('error', (error) => this.onConnectionError?.(error));
  }

  /** Runs one statement; a connection failure becomes a {@link DatabaseUnavailableError}. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** A connection of its own (for a transaction or a session-level advisory lock); release it when done. */
  async connect(): Promise<pg.PoolClient> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.explain(error);
    }
    // The pool listens for errors only on idle connections: one checked out (a build's,
    // between statements) that the server drops would otherwise crash the process. Its
    // next statement fails and says so.
    const onError = (error: Error) => this.onConnectionError?.(error);
    client.on('error', onError);
    const release = client.release.bind(client);
    client.release = (destroy?: boolean | Error) => {
      client.off('error', onError);
      release(destroy);
    };
    return client;
  }

  /** `error` as a {@link DatabaseUnavailableError} when it is about the connection, otherwise unchanged. */
  explain(error: unknown): unknown {
    return explainDatabaseError(error, this.server, this.database) ?? error;
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * A new connection's settings, in one round trip: the search path (`schema`,
 * then `public`, where pgvector's type lives) when given, and pgvector's
 * `hnsw.ef_search` for every dense search on it. Set once per connection
 * rather than with SET LOCAL around each search, which would take a
 * transaction and three more round trips per question; the bench's sweep
 * still uses SET LOCAL. (A session may set it before pgvector is loaded:
 * PostgreSQL keeps it as a placeholder that pgvector then checks and takes.)
 */
const sessionSettings =
  (schema: string | undefined, efSearch: number) =>
  async (client: pg.ClientBase): Promise<void> => {
    if (!Number.isInteger(efSearch)) throw new Error(`hnsw.ef_search must be a whole number, got ${efSearch}`);
    const searchPath = schema === undefined ? '' : `SET search_path TO ${pg.escapeIdentifier(schema)}, public; `;
    await client.query(`${searchPath}SET hnsw.ef_search = ${efSearch}`);
  };

/**
 * Runs `work` in one transaction on a connection of its own: committed when
 * it resolves, rolled back when it throws (and the error rethrown, explained).
 */
export async function inTransaction<T>(db: Database, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is dropped rather than returned to the pool.
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw db.explain(error);
  } finally {
    client.release(broken);
  }
}
