import vm from 'node:vm';
import v8 from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord.js';
import { GENERIC_ERROR } from '../../src/discord/error-boundary.ts';
import { FakeDiscord, type InteractionHandle } from '../fake-discord/index.ts';
import { startBot, type BotHarness } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const USERS = 50;
const INTERACTIONS = 200;
const QUESTIONS = ['When did the soldier die?', 'Who captured the North Korean soldier?', 'How many troops has North Korea sent to help Russia?', 'Where was the soldier captured?'];
const userId = (i: number) => `8${String(i).padStart(17, '0')}`;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

/** Sends 200 /ask interactions from 50 users, spread over about `spreadMs`. */
async function burst(fake: FakeDiscord, round: number, spreadMs: number): Promise<InteractionHandle[]> {
  const handles: InteractionHandle[] = [];
  for (let i = 0; i < INTERACTIONS; i++) {
    handles.push(
      fake.slashCommand({
        name: 'ask',
        options: { question: QUESTIONS[i % QUESTIONS.length]! },
        user: { id: userId(round * 1000 + (i % USERS)), username: `user${i % USERS}` },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, spreadMs / INTERACTIONS));
  }
  return handles;
}

describe('under load through the fake Discord', () => {
  let workspace: Workspace;
  let fake: FakeDiscord;
  let harness: BotHarness;

  beforeAll(async () => {
    workspace = await createWorkspace();
    // Discord's own rule: an interaction not acknowledged within 3 s is lost (10062).
    fake = new FakeDiscord({ ackDeadlineMs: 3000, timeoutMs: 30_000 });
    await fake.start();
    harness = await startBot(fake, workspace, { ASK_COOLDOWN_SECONDS: '600' });
  });
  afterAll(async () => {
    await harness?.stop();
    await fake?.close();
    await workspace?.cleanup();
  });

  it('acknowledges all 200 /ask from 50 users in time, loses none, applies cooldowns per user, and returns to its memory baseline', async () => {
    await Promise.all((await burst(fake, 0, 1000)).map((h) => h.callback())); // warm-up round
    await new Promise((resolve) => setTimeout(resolve, 500));
    const baseline = heapAfterGc();

    const handles = await burst(fake, 1, 3000);
    const callbacks = await Promise.all(handles.map((h) => h.callback()));
    callbacks.forEach((callback, i) => expect(callback.status, `interaction ${i}`).toBeLessThan(300));

    const byUser = new Map<string, { answered: number; cooled: number }>();
    const latencies: number[] = [];
    await Promise.all(
      handles.map(async (handle, i) => {
        const user = userId(1000 + (i % USERS));
        const tally = byUser.get(user) ?? { answered: 0, cooled: 0 };
        byUser.set(user, tally);
        const message: APIMessage = await handle.waitForResponse((m) => (m.embeds ?? []).length > 0 || m.content.length > 0);
        if ((message.embeds ?? []).length > 0) {
          tally.answered++;
          latencies.push(handle.edits().at(-1)!.at - handle.sentAt);
        } else {
          expect(message.content).toMatch(/^You're asking quickly: please wait \d+ s before the next question\.$/);
          expect(message.flags! & 64).toBe(64);
          tally.cooled++;
        }
      }),
    );
    // Each user's first question is answered; the other three get the cooldown notice.
    expect(byUser.size).toBe(USERS);
    for (const tally of byUser.values()) expect(tally).toEqual({ answered: 1, cooled: INTERACTIONS / USERS - 1 });

    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = heapAfterGc();
    // A benchmark figure for the closing note, not an assertion.
    console.info(
      `load: ${latencies.length} answers, latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms; ` +
        `ack p95 ${percentile(callbacks.map((c, i) => c.at - handles[i]!.sentAt), 95).toFixed(0)} ms; heap ${(baseline / 2 ** 20).toFixed(1)} -> ${(after / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(after - baseline).toBeLessThan(30 * 2 ** 20);
    expect(fake.problems).toEqual([]);
  });

  it('shows the user a short private error when answering fails, logs the details, and never logs the token', async () => {
    const realAsk = harness.engine.ask.bind(harness.engine);
    harness.engine.ask = async () => {
      throw new Error(`index exploded while using ${harness.config.token}`);
    };
    try {
      const handle = fake.slashCommand({ name: 'ask', options: { question: 'When did the soldier die?' }, user: { id: userId(5000) } });
      await expect.poll(() => handle.followUps().length, { timeout: 10_000 }).toBe(1);
      const followUp = handle.followUps()[0]!.body as { content: string; flags: number };
      expect(followUp.content).toBe(GENERIC_ERROR);
      expect(followUp.flags & 64).toBe(64);
      // The public "thinking…" placeholder was removed.
      expect(handle.edits().length === 0 && fake.requests.some((r) => r.method === 'DELETE' && r.path.includes(handle.token))).toBe(true);
    } finally {
      harness.engine.ask = realAsk;
    }
    // Discord itself failing (5xx on every retry) is logged too.
    fake.failNext({ path: /\/callback$/, status: 500, times: 4 });
    fake.slashCommand({ name: 'ask', options: { question: 'When did the soldier die?' }, user: { id: userId(5001) } });
    await expect.poll(() => harness.logs.filter((l) => l.includes('"interaction failed"')).length, { timeout: 20_000 }).toBe(2);
    fake.problems.length = 0; // the injected 500s are recorded as problems on purpose

    const failure = harness.logs.find((l) => l.includes('index exploded'))!;
    expect(failure).toMatch(/"stack":/);
    expect(failure).toContain('[redacted]');
    expect(harness.logs.join('\n')).not.toContain(harness.config.token);
  });
});
