import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../articles/make-pdf.ts';
import { serve, startLocalSite, type LocalSite } from '../ingest/local-site.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';

let ws: Workspace;
let site: LocalSite;

beforeAll(async () => {
  ws = await createWorkspace();
  const html = await readFile(new URL('../articles/fixtures/news-page.html', import.meta.url), 'utf8');
  site = await startLocalSite({ '/news/harbour': serve('text/html; charset=utf-8', html) });
  // The 404 path is the local site's default.
});
afterAll(async () => {
  await site.close();
  await ws.cleanup();
});

const listing = async () => (await readdir(ws.articlesDir)).sort();

describe('npm run add', () => {
  it('adds a news page from a link, exits 0, and the next question is answered from it', async () => {
    const added = await runCli('add.ts', [site.url('/news/harbour')], { ...ws.env, ALLOW_PRIVATE_URLS: 'true' });
    expect(added.stderr).not.toMatch(/error/i);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(
      /^Added "Harbour bridge reopens after two years of repairs" \(The Coastal Herald, 14 Mar 2025\): \d+ passages?, stored as .*harbour-bridge-reopens-after-two-years-of-repairs-[0-9a-f]{12}\.md\n$/,
    );
    const stored = (await listing()).find((f) => f.startsWith('harbour-bridge'))!;
    expect(await readFile(path.join(ws.articlesDir, stored), 'utf8')).toMatch(/\nadded_via: link\nadded_by: cli\nadded_at: \d{4}-/);

    const ask = await runCli('ask.ts', ['How many suspension cables did engineers replace on the harbour bridge?', '--json'], ws.env);
    expect(ask.code).toBe(0);
    const answer = JSON.parse(ask.stdout) as { citations: Array<{ documentId: string; outlet: string | null }> };
    expect(answer.citations[0]).toMatchObject({ documentId: stored, outlet: 'The Coastal Herald' });
  });

  it('updates instead of duplicating when the same link is added again', async () => {
    const before = await listing();
    const again = await runCli('add.ts', [site.url('/news/harbour')], { ...ws.env, ALLOW_PRIVATE_URLS: 'true' });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Updated "Harbour bridge reopens/);
    expect(await listing()).toEqual(before);
  });

  it('adds a PDF file given by path', async () => {
    const pdfPath = path.join(ws.root, 'ferry report.pdf');
    await writeFile(pdfPath, makePdf([['The harbour ferry will make its last crossing on 31 March, the operator said.']], { Title: 'Ferry to stop' }));
    const added = await runCli('add.ts', [pdfPath], ws.env);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Added "Ferry to stop": 1 passage, stored as .*ferry-to-stop-[0-9a-f]{12}\.md\n$/);
  });

  it('exits 1 with the reason, and changes nothing, for a private address, a file that is not an article, and a missing file', async () => {
    const before = await listing();
    const privateLink = await runCli('add.ts', [site.url('/news/harbour')], ws.env);
    expect(privateLink.code).toBe(1);
    expect(privateLink.stderr).toMatch(/error: The link points to a loopback address on this machine \(127\.0\.0\.1\); only public web addresses can be fetched\./);

    const zip = path.join(ws.root, 'notes.md');
    await writeFile(zip, Buffer.from('504b0304140006000800000021000000000000000000000000000000', 'hex'));
    const binary = await runCli('add.ts', [zip], ws.env);
    expect(binary.code).toBe(1);
    expect(binary.stderr).toMatch(/error: The file is a ZIP file \(application\/zip\), not an article/);

    const missing = await runCli('add.ts', [path.join(ws.root, 'nope.md')], ws.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error: .*nope\.md does not exist; check the path/);

    const usage = await runCli('add.ts', [], ws.env);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/usage: npm run add -- <file-or-url>/);
    expect(await listing()).toEqual(before);
  });

  it('adds to one server’s own collection with --guild when COLLECTIONS=per-guild, and refuses --guild otherwise', async () => {
    const guild = '123456789012345678';
    const before = await listing();
    const shared = await runCli('add.ts', [site.url('/news/harbour'), '--guild', guild], { ...ws.env, ALLOW_PRIVATE_URLS: 'true' });
    expect(shared.code).toBe(1);
    expect(shared.stderr).toMatch(/--guild needs COLLECTIONS=per-guild/);
    const badId = await runCli('add.ts', [site.url('/news/harbour'), '--guild', '../x'], { ...ws.env, COLLECTIONS: 'per-guild' });
    expect(badId.code).toBe(1);
    expect(badId.stderr).toMatch(/--guild takes a Discord server id/);

    const env = { ...ws.env, ALLOW_PRIVATE_URLS: 'true', COLLECTIONS: 'per-guild' };
    const refused = await runCli('add.ts', [site.url('/nothing'), '--guild', guild], env);
    expect(refused.code).toBe(1);
    expect(await listing()).toEqual(before); // no guilds/ folder left by a refusal

    const added = await runCli('add.ts', [site.url('/news/harbour'), '--guild', guild], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(new RegExp(`^Added "Harbour bridge reopens after two years of repairs" .*, stored as .*guilds/${guild}/harbour-bridge-reopens-`));
    expect(await readdir(path.join(ws.articlesDir, 'guilds', guild))).toEqual([expect.stringMatching(/^harbour-bridge-reopens-/)]);
    // The server's own index was built beside the shared one.
    expect((await readdir(path.join(ws.indexDir, 'guilds', guild))).filter((f) => /^v\d{6,}$/.test(f))).toHaveLength(1);
    expect((await listing()).filter((f) => f !== 'guilds')).toEqual(before);
  });
});
