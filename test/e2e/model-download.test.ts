import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';

/**
 * A model hub on 127.0.0.1 that serves the generated model under the default
 * model's id, in the hub's URL layout: the real first-use download path,
 * without the network.
 */
function serveModel(dir: string): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer(async (request, response) => {
    requests.push(request.url ?? '');
    const match = /^\/Xenova\/all-MiniLM-L6-v2\/resolve\/main\/(.+)$/.exec(request.url ?? '');
    const file = match ? path.join(dir, decodeURIComponent(match[1]!)) : null;
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': info.size, 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}/`, requests });
    }),
  );
}

describe('first use of the default model', () => {
  let workspace: Workspace;
  let hub: Awaited<ReturnType<typeof serveModel>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    workspace = await createWorkspace();
    hub = await serveModel(inject('testModelDir'));
    env = { ...workspace.env, MODEL_HUB_URL: hub.url };
    delete env.EMBEDDING_MODEL;
  });
  afterAll(async () => {
    await new Promise((resolve) => hub?.server.close(resolve));
    await workspace?.cleanup();
  });

  it('downloads the model into the cache with progress, then answers without downloading again', async () => {
    const first = await runCli('ask.ts', ['When did the soldier die?', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/Downloading model_quantized\.onnx \(first use only\)/);
    expect(first.stderr).not.toMatch(/warning/);
    expect(JSON.parse(first.stdout)).toMatchObject({ answered: true });
    expect(hub.requests.some((r) => r.endsWith('/onnx/model_quantized.onnx'))).toBe(true);

    const served = hub.requests.length;
    const second = await runCli('sources.ts', ['--json'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/Downloading/);
    expect(hub.requests.length).toBe(served);
    expect(JSON.parse(second.stdout).model).toBe('Xenova/all-MiniLM-L6-v2');
  });
});
