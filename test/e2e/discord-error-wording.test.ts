import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ButtonStyle, ComponentType, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERIC_ERROR } from '../../src/discord/error-boundary.ts';
import { UserError } from '../../src/errors.ts';
import { FakeDiscord, type RecordedRequest } from '../fake-discord/index.ts';
import { startBot, type BotHarness } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

const EPHEMERAL = 64;
let nextUser = 0;
/** A member nobody has used yet, so no cooldown carries over between tests. */
const freshUser = () => ({ id: `7100000000000000${String(++nextUser).padStart(2, '0')}`, username: `member${nextUser}` });

describe('failures read the same for a slash command, a button and a channel message (through the fake Discord)', () => {
  let workspace: Workspace;
  let fake: FakeDiscord;
  let harness: BotHarness;
  let sourcesPage: APIMessage;

  beforeAll(async () => {
    workspace = await createWorkspace();
    // Six more articles than the five samples, so /sources has a second page and a Next button.
    for (let i = 1; i <= 6; i++) await writeFile(path.join(workspace.articlesDir, `extra-${i}.md`), `---\ntitle: "Extra ${i}"\n---\nExtra report ${i} on grain prices.\n`);
    fake = new FakeDiscord({ timeoutMs: 20_000 });
    await fake.start();
    harness = await startBot(fake, workspace, { ASK_COOLDOWN_SECONDS: '600' });
    sourcesPage = await fake.slashCommand({ name: 'sources', user: freshUser() }).waitForResponse((m) => (m.embeds ?? []).length > 0);
  });
  afterAll(async () => {
    await harness?.stop();
    await fake?.close();
    await workspace?.cleanup();
  });

  /** The bot's reply to a channel message posted after request number `after`. */
  const channelReply = (channelId: string, after: number): Promise<RecordedRequest> =>
    fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && fake.requests.indexOf(r) >= after);

  /** Makes /ask, the /sources buttons and channel questions throw `error`, and returns what each showed the user. */
  async function failEverywhere(error: Error) {
    const { ask, sources } = harness.engine;
    harness.engine.ask = async () => {
      throw error;
    };
    harness.engine.sources = () => {
      throw error;
    };
    try {
      const slash = fake.slashCommand({ name: 'ask', options: { question: 'When did the soldier die?', private: true }, user: freshUser() });
      const slashNote = await slash.waitForResponse((m) => m.content.length > 0);

      const click = fake.clickButton({ customId: 'sources:page:2', message: sourcesPage, user: freshUser() });
      const clickNote = (await click.waitForResponse((m) => m.content.length > 0)) as APIMessage & { flags?: number };

      const before = fake.requests.length;
      fake.postMessage({ content: 'When did the soldier die?', channelId: fake.channel('ask'), author: freshUser() });
      const messageNote = await channelReply(fake.channel('ask'), before);

      // Private where Discord allows it; a channel message can only be answered in the channel.
      expect(slashNote.flags! & EPHEMERAL).toBe(EPHEMERAL);
      expect(clickNote.flags! & EPHEMERAL).toBe(EPHEMERAL);
      expect(messageNote.allowedMentions).toEqual({ parse: [], replied_user: false });
      return [slashNote.content, clickNote.content, (messageNote.body as { content: string }).content];
    } finally {
      harness.engine.ask = ask;
      harness.engine.sources = sources;
    }
  }

  it('shows a user-facing error in its own words, word for word the same in all three', async () => {
    const notes = await failEverywhere(new UserError('index-empty', 'Nothing is indexed yet: add articles to the articles folder and reindex.'));
    expect(notes).toEqual(Array(3).fill('Nothing is indexed yet: add articles to the articles folder and reindex.'));
    expect(fake.problems).toEqual([]);
  });

  it('shows the same short generic message for an unexpected error in all three, and logs each with its details', async () => {
    const logged = harness.logs.length;
    const notes = await failEverywhere(new Error('vector file /srv/private/index/v000003/vectors.bin is truncated'));
    expect(notes).toEqual(Array(3).fill(GENERIC_ERROR));
    await expect.poll(() => harness.logs.slice(logged).filter((l) => l.includes('vectors.bin is truncated')).length).toBe(3);
    const failures = harness.logs.slice(logged).filter((l) => l.includes('vectors.bin is truncated'));
    expect(failures.filter((l) => l.includes('"msg":"interaction failed"'))).toHaveLength(2);
    expect(failures.filter((l) => l.includes('"msg":"message failed"'))).toHaveLength(1);
    for (const line of failures) expect(line).toMatch(/"stack":".*discord-error-wording\.test\.ts/);
    expect(fake.problems).toEqual([]);
  });

  it('gives the cooldown note in the same words for /ask and for a question in an ask channel', async () => {
    const member = freshUser();
    const first = fake.slashCommand({ name: 'ask', options: { question: 'When did the soldier die?' }, user: member });
    await first.waitForResponse((m) => (m.embeds ?? []).length > 0);

    const again = fake.slashCommand({ name: 'ask', options: { question: 'Where was the soldier captured?' }, user: member });
    const slashNote = await again.waitForResponse((m) => m.content.length > 0);
    expect(slashNote.flags! & EPHEMERAL).toBe(EPHEMERAL);

    const before = fake.requests.length;
    fake.postMessage({ content: 'Where was the soldier captured?', channelId: fake.channel('ask'), author: member });
    const messageNote = (await channelReply(fake.channel('ask'), before)).body as { content: string; embeds?: unknown[] };

    const cooldown = /^You're asking quickly: please wait (\d+) s before the next question\.$/;
    expect(slashNote.content).toMatch(cooldown);
    expect(messageNote.content).toMatch(cooldown);
    expect(messageNote.embeds ?? []).toEqual([]);
    expect(Number(cooldown.exec(messageNote.content)![1])).toBeGreaterThan(590);
  });

  it('tells whoever clicks a button no command handles any more that it has expired, privately', async () => {
    // A message the bot sent with a command since removed: its button is still there to click.
    const old: APIMessage = {
      ...sourcesPage,
      id: '1100000000000000001',
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'retired:page:2', label: 'Next' }] }],
    };
    const click = fake.clickButton({ customId: 'retired:page:2', message: old, user: freshUser() });
    const note = (await click.waitForResponse((m) => m.content.length > 0)) as APIMessage & { flags?: number };
    expect(note.content).toBe('This button has expired; run the command again.');
    expect(note.flags! & EPHEMERAL).toBe(EPHEMERAL);
  });
});
