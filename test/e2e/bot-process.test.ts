import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fake-discord/index.ts';
import { fakeToken } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { startProcess, type RunningProcess } from '../support/run-process.ts';
import { embeddingProcesses } from '../support/embedding-processes.ts';
import { runCli } from '../support/run-cli.ts';

describe('npm start and npm run deploy-commands as processes', () => {
  let workspace: Workspace;
  let fake: FakeDiscord | undefined;
  const token = fakeToken();

  beforeEach(async () => {
    workspace = await createWorkspace();
  });
  // A failed assertion must not leave a bot (and its embedding processes) running.
  let started: RunningProcess[] = [];
  const start = (env: NodeJS.ProcessEnv): RunningProcess => {
    const bot = startProcess('src/discord/main.ts', env);
    started.push(bot);
    return bot;
  };
  afterEach(async () => {
    for (const bot of started) if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
    started = [];
    await fake?.close();
    fake = undefined;
    await workspace?.cleanup();
  });

  const discordEnv = (f: FakeDiscord, extra: Record<string, string> = {}) => ({
    ...workspace.env,
    LOG_LEVEL: 'info',
    DISCORD_TOKEN: token,
    DISCORD_CLIENT_ID: f.applicationId,
    DISCORD_GUILD_ID: f.guildId,
    DISCORD_API_BASE: f.apiBase,
    ...extra,
  });

  it('deploys the commands, starts, answers /ask, reindexes twice, shuts down cleanly on SIGTERM, and never logs the token', async () => {
    fake = new FakeDiscord({ token, timeoutMs: 30_000 });
    await fake.start();
    const deploy = await runCli('src/discord/deploy-commands.ts', [], discordEnv(fake));
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(/Deployed 5 commands \(\/article, "Ask about this message" \(message menu\), \/ask, \/reindex, \/sources\) to guild/);

    const bot = start(discordEnv(fake, { ASK_CHANNEL_IDS: fake.channel('ask') }));
    await bot.waitForOutput(/logged in to Discord/);
    // The first start builds the index, and says so before logging in.
    expect(bot.output().stderr).toMatch(/"articles":5,"problems":0,"msg":"building the index"/);
    expect(bot.output().stderr).toMatch(/"done":0,"total":23,"msg":"embedding passages"/);
    const ask = fake.slashCommand({ name: 'ask', options: { question: 'When did the soldier die?' } });
    const reply = await ask.waitForResponse((m) => (m.embeds ?? []).length > 0);
    expect(reply.embeds![0]!.description).toMatch(/\b(died|death|succumbed)\b/);

    // A moderator's /reindex embeds the new article in a child process of the real bot, twice.
    for (const round of [1, 2]) {
      await writeFile(path.join(workspace.articlesDir, `walrus-${round}.md`), `---\ntitle: "Walrus count ${round}"\n---\nRangers counted ${round * 40} walruses on the ice shelf.\n`);
      const reindex = fake.slashCommand({ name: 'reindex', roles: ['moderator'] });
      const summary = await reindex.waitForResponse((m) => /Reindex finished/.test(m.content));
      expect(summary.content).toMatch(new RegExp(`\\+1 new: \`walrus-${round}\\.md\``));
    }
    // Another member: the first asker is still in the per-user cooldown.
    const walrus = fake.slashCommand({ name: 'ask', options: { question: 'How many walruses did rangers count on the ice shelf?' }, user: { username: 'ranger' } });
    expect((await walrus.waitForResponse((m) => (m.embeds ?? []).length > 0)).embeds![0]!.description).toMatch(/walruses/);

    // Each embedding process ended with its reindex.
    if (process.platform === 'linux') expect(embeddingProcesses(bot.child.pid!)).toEqual([]);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const { stdout, stderr } = bot.output();
    expect(stderr).toMatch(/"msg":"stopped"/);
    expect(stdout + stderr + deploy.stdout + deploy.stderr).not.toContain(token);
  });

  it('exits with a clear message when Discord refuses the Message Content intent', async () => {
    fake = new FakeDiscord({ refuseMessageContentIntent: true });
    await fake.start();
    const bot = start(discordEnv(fake, { ASK_CHANNEL_IDS: fake.channel('ask') }));
    expect(await bot.exited).toBe(1);
    expect(bot.output().stderr).toMatch(/Discord refused the Message Content intent.*Privileged Gateway Intents/);
    expect(bot.output().stderr).not.toContain(token);
  });

  it('stops at start-up naming a bad environment variable, without echoing the token', async () => {
    const bot = start({
      ...workspace.env,
      DISCORD_TOKEN: token,
      ASK_COOLDOWN_SECONDS: 'soon',
      ASK_CHANNEL_IDS: '123,not-an-id',
    });
    expect(await bot.exited).toBe(1);
    const { stderr } = bot.output();
    expect(stderr).toMatch(/ASK_COOLDOWN_SECONDS \(got "soon"\): expected a whole number/);
    expect(stderr).toMatch(/ASK_CHANNEL_IDS.*expected a Discord ID/);
    expect(stderr).not.toContain(token);
  });
});
