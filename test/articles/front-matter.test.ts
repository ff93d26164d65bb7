import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../src/articles/front-matter.ts';

describe('splitFrontMatter', () => {
  it('returns the mapping and the offset just after the closing line', () => {
    expect(splitFrontMatter('---\ntitle: T\n---\nBody')).toEqual({ ok: true, value: { data: { title: 'T' }, bodyOffset: 17 } });
  });

  it('treats a file that does not start with --- as all body, even if --- appears later', () => {
    expect(splitFrontMatter('Intro\n---\ntitle: T\n---\n')).toEqual({ ok: true, value: { data: {}, bodyOffset: 0 } });
  });

  it('does not execute or resolve JavaScript tags: they stay plain strings', () => {
    const result = splitFrontMatter('---\ntitle: !!js/function "function () { throw new Error(1) }"\n---\nBody');
    expect(result).toMatchObject({ ok: true, value: { data: { title: 'function () { throw new Error(1) }' } } });
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i += 1) levels.push(`${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10).fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`).join(', ')}]`);
    const result = splitFrontMatter(`---\n${levels.join('\n')}\n---\nBody`);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('front matter that cannot be read') });
  });

  it('reports a YAML error with the line number of the file, not of the YAML block', () => {
    const result = splitFrontMatter('---\ntitle: ok\noutlet: x\n\tdate: 2024-12-27\n---\nBody');
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('(line 4: Tabs are not allowed as indentation)') });
  });
});
