import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';

/** A loopback port with nothing listening: downloads fail at once, like a machine without network. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('without network access to the model hub', () => {
  let workspace: Workspace;
  let offline: NodeJS.ProcessEnv;

  beforeAll(async () => {
    workspace = await createWorkspace();
    offline = { ...workspace.env, MODEL_HUB_URL: `http://127.0.0.1:${await closedPort()}/` };
    delete offline.EMBEDDING_MODEL;
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('falls back to the generated model with a prominent warning when EMBEDDING_MODEL is unset', async () => {
    const result = await runCli('ask.ts', ['When did the soldier die?', '--json'], offline);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning:.*could not download the default embedding model Xenova\/all-MiniLM-L6-v2/);
    expect(result.stderr).toMatch(/answers rest on word overlap/);
    expect(result.stderr).not.toMatch(/Downloading/); // nothing was downloaded, so nothing claims to be
    expect(JSON.parse(result.stdout)).toMatchObject({ answered: true });

    const sources = await runCli('sources.ts', ['--json'], offline);
    expect(JSON.parse(sources.stdout).model).toMatch(/^local:.*generated-test-model$/);
  });

  it('never falls back when EMBEDDING_MODEL names a hub model explicitly, and says what to do', async () => {
    const result = await runCli('ask.ts', ['When did the soldier die?'], { ...offline, EMBEDDING_MODEL: 'Xenova/all-MiniLM-L6-v2' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not be downloaded \(no network\?\).*set EMBEDDING_MODEL to a local model folder/);
    expect(result.stdout).toBe('');
  });

  it('names a model folder that does not exist', async () => {
    const result = await runCli('ask.ts', ['When did the soldier die?'], { ...offline, EMBEDDING_MODEL: './no/such/model' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/EMBEDDING_MODEL: "\.\/no\/such\/model" is not a folder/);
  });
});
