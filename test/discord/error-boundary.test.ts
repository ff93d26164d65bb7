import { describe, expect, it } from 'vitest';
import { ALREADY_RUNNING, GENERIC_ERROR, withErrorBoundary } from '../../src/discord/error-boundary.ts';
import type { BotReply } from '../../src/discord/respond.ts';
import { UserError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import { IndexBusyError } from '../../src/store/build-lock.ts';

/** Runs `work` in the boundary and returns what the user was told and what was logged. */
async function run(work: () => Promise<void>, tell?: (note: BotReply) => Promise<unknown>) {
  const told: BotReply[] = [];
  const logs: Array<{ level: string; message: string; fields: Record<string, any> }> = [];
  const log = (level: string) => (message: string, fields: Record<string, any> = {}) => void logs.push({ level, message, fields });
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const handling = { event: 'interaction' as const, fields: { name: '/ask', user: '42' }, tell: tell ?? (async (note: BotReply) => void told.push(note)) };
  await withErrorBoundary(handling, logger, work);
  return { told, logs };
}

describe('the error boundary', () => {
  it('logs what ran, for whom, how long it took and that it went well', async () => {
    const { told, logs } = await run(() => new Promise((resolve) => setTimeout(resolve, 30)));
    expect(told).toEqual([]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ level: 'info', message: 'interaction handled', fields: { name: '/ask', user: '42', outcome: 'ok' } });
    expect(logs[0]!.fields.ms).toBeGreaterThanOrEqual(25);
  });

  it("shows a user-facing error's own words and logs it as refused, without a stack", async () => {
    const { told, logs } = await run(async () => {
      throw new UserError('index-empty', 'Nothing is indexed yet: add articles to the articles folder and reindex.');
    });
    expect(told).toEqual([{ text: 'Nothing is indexed yet: add articles to the articles folder and reindex.' }]);
    expect(logs).toMatchObject([{ level: 'info', message: 'interaction refused', fields: { outcome: 'index-empty' } }]);
    expect(JSON.stringify(logs)).not.toContain('stack');
  });

  it('words a reindex already running the same whether this process or another one holds the build lock', async () => {
    const here = await run(async () => {
      throw new UserError('reindex-running', 'A reindex is already running; wait for it to finish.');
    });
    const elsewhere = await run(async () => {
      throw new IndexBusyError('/srv/bot/index', { pid: 4242, host: 'build-host', since: '2025-01-01T00:00:00Z' });
    });
    expect(here.told).toEqual([{ text: ALREADY_RUNNING }]);
    expect(elsewhere.told).toEqual([{ text: ALREADY_RUNNING }]);
    // The log keeps who holds the lock; members never see the host's paths.
    expect(elsewhere.logs[0]!.fields.reason).toMatch(/process 4242 on build-host/);
  });

  it('shows a short generic message for anything unexpected and logs the details with the stack', async () => {
    const { told, logs } = await run(async () => {
      throw new Error('vector file /srv/bot/index/v000003/vectors.bin is truncated');
    });
    expect(told).toEqual([{ text: GENERIC_ERROR }]);
    expect(logs).toMatchObject([{ level: 'error', message: 'interaction failed', fields: { outcome: 'error', error: { message: expect.stringContaining('truncated') } } }]);
    expect(logs[0]!.fields.error.stack).toMatch(/error-boundary\.test\.ts/);
  });

  it('logs a failure to tell the user, and never rejects', async () => {
    const { logs } = await run(
      async () => {
        throw new Error('boom');
      },
      async () => {
        throw new Error('Unknown interaction');
      },
    );
    expect(logs.map((l) => `${l.level} ${l.message}`)).toEqual(['error interaction failed', 'warn could not tell the user about the failure']);
    expect(logs[1]!.fields.error).toMatch(/Unknown interaction/);
  });
});
