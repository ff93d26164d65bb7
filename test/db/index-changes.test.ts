import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { INDEX_CHANGES_CHANNEL, INDEX_LISTENER_APPLICATION, IndexChangeListener } from '../../src/db/index-changes.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openTestServer, type TestSchema, type TestServer } from '../support/test-database.ts';
import { buildSample, MARKETS, SOLDIER } from './sample-version.ts';

/**
 * The listener that tells a process another one switched a collection's
 * version. LISTEN/NOTIFY between sessions needs a real server: PGlite is one
 * session, so this file is skipped there.
 */
let server: TestServer;
let schema: TestSchema | undefined;
let listener: IndexChangeListener | undefined;

beforeAll(async () => {
  server = await openTestServer();
  console.info(`test/db/index-changes: ${server.description}`);
});
afterAll(() => server?.close());
afterEach(async () => {
  await listener?.close();
  listener = undefined;
  await schema?.drop();
  schema = undefined;
});

/** Starts a listener on the test schema, recording what it is told; resolves once LISTEN is in place. */
async function listen(db: Database, schema: TestSchema) {
  const changes: (string | null)[] = [];
  const errors: string[] = [];
  let listening = 0;
  listener = IndexChangeListener.start({ url: schema.url, statementTimeoutMs: 15_000 }, {
    onChange: (collectionId) => void changes.push(collectionId),
    onListening: () => void listening++,
    onError: (error) => void errors.push(error.message),
    maxRetryMs: 500,
  });
  await expect.poll(() => listening, { timeout: 10_000, interval: 20 }).toBe(1);
  const listenerPids = async () =>
    (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [`${INDEX_LISTENER_APPLICATION} ${process.pid}`])).rows.map((r) => r.pid);
  return { changes, errors, listening: () => listening, listenerPids };
}

describe('index change listener', () => {
  const real = Boolean(process.env.TEST_DATABASE_URL);
  if (!real) it.skip('NOTIFY between sessions and a terminated session: need TEST_DATABASE_URL (PGlite is one session)', () => {});

  it.runIf(real)('is told when a build in another session switches a collection, on commit, and ignores other schemas', async () => {
    schema = await server.newSchema();
    const db = schema.open();
    await migrate(db);
    const heard = await listen(db, schema);

    // Another deployment's schema on the same database and channel: not ours.
    await db.query('SELECT pg_notify($1, $2)', [INDEX_CHANGES_CHANNEL, 'some_other_schema:shared']);
    await buildSample(db, 'shared', [SOLDIER]);
    await expect.poll(() => heard.changes, { timeout: 5_000, interval: 20 }).toEqual(['shared']);
    await buildSample(db, '123456789012345678', [MARKETS]);
    await expect.poll(() => heard.changes, { timeout: 5_000, interval: 20 }).toEqual(['shared', '123456789012345678']);
    expect(heard.errors).toEqual([]);
  });

  it.runIf(real)('survives its session being terminated: reconnects, reports "anything may have changed", and hears the next switch', async () => {
    schema = await server.newSchema();
    const db = schema.open();
    await migrate(db);
    const heard = await listen(db, schema);
    const [pid] = await heard.listenerPids();
    expect(pid).toBeTypeOf('number');

    await db.query('SELECT pg_terminate_backend($1)', [pid]);
    await expect.poll(() => heard.listening(), { timeout: 10_000, interval: 20 }).toBe(2);
    expect(heard.errors.length).toBeGreaterThan(0);
    // Switches made while it was away are lost with the session: it says any collection may have changed.
    expect(heard.changes).toEqual([null]);
    expect(await heard.listenerPids()).not.toContain(pid);

    await buildSample(db, 'shared', [SOLDIER]);
    await expect.poll(() => heard.changes, { timeout: 5_000, interval: 20 }).toEqual([null, 'shared']);
  });

  it('keeps retrying while the database refuses connections, without throwing, and stops when closed', async () => {
    const errors: string[] = [];
    const closed = IndexChangeListener.start({ url: 'postgres://nobody:secret@127.0.0.1:1/none', statementTimeoutMs: 1_000 }, {
      onChange: () => {},
      onError: (error) => void errors.push(error.message),
      maxRetryMs: 100,
    });
    await expect.poll(() => errors.length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    expect(errors[0]).toMatch(/127\.0\.0\.1:1/);
    expect(errors.join('\n')).not.toContain('secret');
    await closed.close();
  });
});
