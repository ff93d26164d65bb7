import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const src = path.join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(?:ts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every relative module a file imports, type-only imports included: they couple folders just the same. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => path.resolve(path.dirname(file), s));
}

/** The unit of the layering: a folder of src/ (`answer`), or a top-level file (`engine.ts`). */
const unitOf = (file: string) => path.relative(src, file).split(path.sep)[0]!;

const files = sourceFiles(src);
const edges = new Map<string, Set<string>>();
const outside: string[] = [];
for (const file of files) {
  for (const target of importsOf(file)) {
    const rel = path.relative(src, target);
    if (rel.startsWith('..')) {
      outside.push(`${path.relative(root, file)} -> ${path.relative(root, target)}`);
      continue;
    }
    const [from, to] = [unitOf(file), unitOf(target)];
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  }
}

/** One cycle per strongly connected component with more than one member (Tarjan), as "a -> b -> a". */
function folderCycles(graph: Map<string, Set<string>>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.reverse().join(' <-> '));
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('src/ layering', () => {
  it('finds the imports it checks (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(edges.get('engine.ts')?.has('answer')).toBe(true);
    // The checker sees a cycle when there is one.
    expect(folderCycles(new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]]))).toEqual(['a <-> b <-> c']);
  });

  it('imports nothing from test/ or bench/: tooling depends on the product, never the reverse', () => {
    expect(outside).toEqual([]);
  });

  it('has no cycle between folders, so each stage depends one way', () => {
    expect(folderCycles(edges)).toEqual([]);
  });

  it('keeps answer building and retrieval free of Discord, the CLI and the store', () => {
    for (const unit of ['answer', 'search', 'records']) {
      const deps = [...(edges.get(unit) ?? [])];
      expect(deps.filter((d) => ['discord', 'cli', 'store', 'indexing', 'engine.ts'].includes(d)), unit).toEqual([]);
    }
    expect([...(edges.get('records') ?? [])]).toEqual([]);
  });
});
