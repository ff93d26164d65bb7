import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEATH_QUESTION } from '../../bench/sample-questions.ts';
import { Engine } from '../../src/engine.ts';
import type { PassageIndex } from '../../src/search/passage-index.ts';
import { retrieveFused } from '../../src/search/retriever.ts';
import { FileIndexStore } from '../../src/store/file-index-store.ts';
import type { IndexStore, OpenedIndex, StoreWarning } from '../../src/store/index-store.ts';
import type { SnapshotToWrite } from '../../src/store/snapshot.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

/** A store that is not the file store as far as the engine can tell: it records every call the engine makes through the interface. */
class RecordingStore implements IndexStore {
  readonly calls: string[] = [];
  closed = false;
  constructor(private readonly inner: FileIndexStore) {}

  async open(onWarning?: (warning: StoreWarning) => void): Promise<OpenedIndex | null> {
    this.calls.push('open');
    const opened = await this.inner.open(onWarning);
    return opened && this.recorded(opened);
  }
  load(onWarning?: (warning: StoreWarning) => void) {
    this.calls.push('load');
    return this.inner.load(onWarning);
  }
  async save(snapshot: SnapshotToWrite, options?: Parameters<IndexStore['save']>[1]): Promise<OpenedIndex> {
    this.calls.push('save');
    return this.recorded(await this.inner.save(snapshot, options));
  }
  async close(): Promise<void> {
    this.closed = true;
  }

  private recorded(opened: OpenedIndex): OpenedIndex {
    const inner = opened.passages;
    const call = <T>(name: string, run: () => T): T => (this.calls.push(name), run());
    const passages: PassageIndex = {
      size: inner.size,
      denseSearch: (vector, k) => call('denseSearch', () => inner.denseSearch(vector, k)),
      keywordSearch: (text, k) => call('keywordSearch', () => inner.keywordSearch(text, k)),
      // A store that ranks each side itself and leaves fusion to the shared code.
      retrieve: (query) => call('retrieve', () => retrieveFused(passages, query)),
      idf: (terms) => call('idf', () => inner.idf(terms)),
      passagesOf: (documentId) => call('passagesOf', () => inner.passagesOf(documentId)),
    };
    return { ...opened, passages };
  }
}

/** An undated article whose date answer says only "on Friday": dating it reads the whole article. */
const UNDATED = '---\ntitle: "Bridge works"\n---\nThe council approved the repairs on 3 March 2025 after a long debate.\n\nThe Tarrow bridge reopened on Friday, officials said.\n';
const BRIDGE_QUESTION = 'When did the Tarrow bridge reopen?';

describe('the engine behind the IndexStore interface', () => {
  let workspace: Workspace;
  let plain: Engine;

  beforeAll(async () => {
    workspace = await createWorkspace();
    await writeFile(path.join(workspace.articlesDir, 'bridge.md'), UNDATED);
    plain = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
  }, 120_000);
  afterAll(async () => {
    await plain?.close();
    await workspace?.cleanup();
  });

  it('answers through open() and the PassageIndex alone, exactly as with the file store', async () => {
    const store = new RecordingStore(new FileIndexStore(workspace.indexDir));
    const engine = await Engine.withModel(workspace.config, plain.model, { store });
    try {
      expect(store.calls).toEqual(['open']);
      expect(engine.sources()).toEqual(plain.sources());
      for (const question of [DEATH_QUESTION.question, BRIDGE_QUESTION, 'Who won the 2022 World Cup?']) {
        expect(await engine.ask(question, { asOf: '2025-06-01' })).toEqual(await plain.ask(question, { asOf: '2025-06-01' }));
      }
      expect(await engine.ask(DEATH_QUESTION.question, { mode: 'keyword' })).toEqual(await plain.ask(DEATH_QUESTION.question, { mode: 'keyword' }));
      expect(new Set(store.calls)).toEqual(new Set(['open', 'retrieve', 'denseSearch', 'keywordSearch', 'idf', 'passagesOf']));
      expect(store.calls.filter((c) => c === 'passagesOf').length).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
    // The store was passed in: its owner closes it, not the engine.
    expect(store.closed).toBe(false);
  });

  it('rebuilds by loading the previous version whole and saving a new one, then answers from what the store returned', async () => {
    const store = new RecordingStore(new FileIndexStore(workspace.indexDir));
    const engine = await Engine.withModel(workspace.config, plain.model, { store, bulkEmbedding: 'inline' });
    try {
      await writeFile(path.join(workspace.articlesDir, 'ferry.md'), '---\ntitle: "Ferry"\ndate: "2025-02-01"\n---\nThe Kelmore ferry carried 412 passengers on its first winter crossing.\n');
      store.calls.length = 0;
      const summary = await engine.reindex();
      expect(summary.added).toEqual(['ferry.md']);
      expect(store.calls).toEqual(['load', 'save']);
      const answer = await engine.ask('How many passengers did the Kelmore ferry carry?');
      expect(answer.citations[0]).toMatchObject({ documentId: 'ferry.md' });
      expect(store.calls).toContain('retrieve');
    } finally {
      await engine.close();
    }
  });
});
