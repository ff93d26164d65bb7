import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

const WIRE_PARAGRAPH =
  'The regional water authority said the Korvane reservoir reached its lowest level in forty years on Tuesday, forcing rationing in three districts.';

describe('the same passage carried by several outlets', () => {
  let workspace: Workspace;
  let engine: Engine;

  beforeAll(async () => {
    workspace = await createWorkspace({ copyArticles: false });
    await mkdir(workspace.articlesDir, { recursive: true });
    const outlets = ['Daily Ledger', 'Evening Post', 'River Times'];
    await Promise.all(
      outlets.map((outlet, i) =>
        writeFile(
          path.join(workspace.articlesDir, `wire-${i}.md`),
          `---\ntitle: "Reservoir at record low (${outlet})"\noutlet: "${outlet}"\ndate: "2025-03-0${i + 1}"\n---\n${
            i === 2 ? 'Officials confirmed on Wednesday that rationing would continue. ' : ''
          }${WIRE_PARAGRAPH}\nLocal farmers said the dry winter hurt crops in district ${i + 1}.\n`,
        ),
      ),
    );
    await writeFile(path.join(workspace.articlesDir, 'other.md'), '---\ntitle: "Football results"\n---\nThe home team won the cup final on penalties.\n');
    engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    await workspace?.cleanup();
  });

  it('is cited once, listing every source that says it ("3 sources")', async () => {
    const answer = await engine.ask('When did the Korvane reservoir reach its lowest level?');
    expect(answer.answered).toBe(true);
    const lead = answer.citations[0]!;
    expect(lead.excerpt).toContain('lowest level in forty years on Tuesday');
    expect(lead.sources?.map((s) => s.outlet).sort()).toEqual(['Daily Ledger', 'Evening Post', 'River Times']);
    // No second citation repeats the merged passage.
    expect(answer.citations.filter((c) => c.excerpt.includes('lowest level in forty years'))).toHaveLength(1);
  });
});
