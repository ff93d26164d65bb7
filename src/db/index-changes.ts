import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { explainDatabaseError } from './database-errors.ts';
import { databaseName, serverAddress } from './server-address.ts';

/**
 * The channel a build NOTIFYs when it switches a collection's active version
 * (version-writer.ts), with the payload `<schema>:<collection id>`: the
 * schema, because deployments in different schemas of one database share
 * the channel.
 */
export const INDEX_CHANGES_CHANNEL = 'article_bot_index';

/** `application_name` of the listening session, followed by the process id. */
export const INDEX_LISTENER_APPLICATION = 'article-answer-bot index changes';

/** First wait before reconnecting; doubled per failed attempt up to {@link IndexChangesOptions.maxRetryMs}. */
const FIRST_RETRY_MS = 250;
const CONNECT_TIMEOUT_MS = 10_000;

export interface IndexChangesOptions {
  /**
   * Told that a collection of this schema has a new active version; `null`
   * after a reconnection: notifications sent while disconnected are lost, so
   * any collection may have changed. Its errors are reported, never thrown.
   */
  onChange: (collectionId: string | null) => Promise<void> | void;
  /** Told whenever LISTEN is in place (`reconnected`: not the first time). */
  onListening?: (reconnected: boolean) => void;
  /** Told when the connection fails or drops (the message names host:port, never the password), with the wait before the next attempt. */
  onError?: (error: Error, retryInMs: number) => void;
  /** Longest wait between reconnection attempts. */
  maxRetryMs?: number;
}

/**
 * Hears other processes' index switches: one dedicated connection doing
 * `LISTEN article_bot_index` (a pooled one would be handed to other queries
 * and lose the LISTEN). When the connection drops it reconnects with
 * exponential backoff, forever, until {@link IndexChangeListener.close}; it
 * never throws into the process.
 */
export class IndexChangeListener {
  private client: pg.Client | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private wakeUp: (() => void) | null = null;
  private readonly running: Promise<void>;

  private constructor(
    private readonly config: DatabaseConfig,
    private readonly options: IndexChangesOptions,
  ) {
    this.running = this.run();
  }

  /** Starts listening in the background (see {@link IndexChangesOptions.onListening} for when it is in place). */
  static start(config: DatabaseConfig, options: IndexChangesOptions): IndexChangeListener {
    return new IndexChangeListener(config, options);
  }

  private async run(): Promise<void> {
    let failures = 0;
    let connectedBefore = false;
    while (!this.closed) {
      const client = new pg.Client({
        connectionString: this.config.url,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        // Notices a silently dead connection (a cut network) instead of waiting forever.
        keepAlive: true,
        // Names the process, so an operator (or a test) can tell whose listener a session is.
        application_name: `${INDEX_LISTENER_APPLICATION} ${process.pid}`,
      });
      const dropped = new Promise<Error>((resolve) => {
        client.on('error', resolve);
        client.on('end', () => resolve(new Error('the connection was closed')));
      });
      try {
        await client.connect();
        const schema = (await client.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]?.schema;
        client.on('notification', (message) => {
          const payload = message.payload ?? '';
          const split = payload.indexOf(':');
          if (message.channel !== INDEX_CHANGES_CHANNEL || split < 0 || payload.slice(0, split) !== schema) return;
          this.notify(payload.slice(split + 1));
        });
        await client.query(`LISTEN ${INDEX_CHANGES_CHANNEL}`);
        if (this.closed) {
          await client.end().catch(() => {});
          break;
        }
        this.client = client;
        failures = 0;
        this.options.onListening?.(connectedBefore);
        if (connectedBefore) this.notify(null);
        connectedBefore = true;
        throw await dropped;
      } catch (error) {
        this.client = null;
        await client.end().catch(() => {});
        if (this.closed) break;
        const wait = Math.min(this.options.maxRetryMs ?? 30_000, FIRST_RETRY_MS * 2 ** failures++);
        const explained = explainDatabaseError(error, serverAddress(this.config.url), databaseName(this.config.url)) ?? error;
        this.options.onError?.(explained instanceof Error ? explained : new Error(String(explained)), wait);
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          this.retryTimer = setTimeout(resolve, wait);
        });
      }
    }
  }

  private notify(collectionId: string | null): void {
    void (async () => this.options.onChange(collectionId))().catch((error: unknown) =>
      this.options.onError?.(new Error(`reloading after an index change failed: ${error instanceof Error ? error.message : String(error)}`), 0),
    );
  }

  /** Stops listening and closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wakeUp?.();
    await this.client?.end().catch(() => {});
    await this.running;
  }
}
