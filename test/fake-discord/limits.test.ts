import { describe, expect, it } from 'vitest';
import { isEmptyMessage, MESSAGE_LIMITS, validateMessageBody } from './limits.ts';

const text = (n: number) => 'a'.repeat(n);
const button = (id: string, label = 'Go') => ({ type: 2, style: 1, custom_id: id, label });
const row = (...components: object[]) => ({ type: 1, components });
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(button(`b${i}`)));

/** Each case: a body exactly at a limit, the same body one over, and where Discord reports the error. */
const cases: { limit: string; at: object; over: object; path: string }[] = [
  { limit: 'content', at: { content: text(2000) }, over: { content: text(2001) }, path: 'content' },
  { limit: 'embeds per message', at: { embeds: Array(10).fill({ title: 't' }) }, over: { embeds: Array(11).fill({ title: 't' }) }, path: 'embeds' },
  { limit: 'embed title', at: { embeds: [{ title: text(256) }] }, over: { embeds: [{ title: text(257) }] }, path: 'embeds.0.title' },
  { limit: 'embed description', at: { embeds: [{ description: text(4096) }] }, over: { embeds: [{ description: text(4097) }] }, path: 'embeds.0.description' },
  {
    limit: 'fields per embed',
    at: { embeds: [{ fields: Array(25).fill({ name: 'n', value: 'v' }) }] },
    over: { embeds: [{ fields: Array(26).fill({ name: 'n', value: 'v' }) }] },
    path: 'embeds.0.fields',
  },
  { limit: 'field name', at: { embeds: [{ fields: [{ name: text(256), value: 'v' }] }] }, over: { embeds: [{ fields: [{ name: text(257), value: 'v' }] }] }, path: 'embeds.0.fields.0.name' },
  { limit: 'field value', at: { embeds: [{ fields: [{ name: 'n', value: text(1024) }] }] }, over: { embeds: [{ fields: [{ name: 'n', value: text(1025) }] }] }, path: 'embeds.0.fields.0.value' },
  { limit: 'footer text', at: { embeds: [{ footer: { text: text(2048) } }] }, over: { embeds: [{ footer: { text: text(2049) } }] }, path: 'embeds.0.footer.text' },
  { limit: 'author name', at: { embeds: [{ author: { name: text(256) } }] }, over: { embeds: [{ author: { name: text(257) } }] }, path: 'embeds.0.author.name' },
  {
    limit: 'characters across all embeds',
    at: { embeds: [{ description: text(4000) }, { description: text(2000) }] },
    over: { embeds: [{ description: text(4000) }, { description: text(2001) }] },
    path: 'embeds',
  },
  { limit: 'action rows', at: { components: rows(5) }, over: { components: rows(6) }, path: 'components' },
  {
    limit: 'buttons per row',
    at: { components: [row(...['a', 'b', 'c', 'd', 'e'].map((id) => button(id)))] },
    over: { components: [row(...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => button(id)))] },
    path: 'components.0.components',
  },
  { limit: 'button label', at: { components: [row(button('a', text(80)))] }, over: { components: [row(button('a', text(81)))] }, path: 'components.0.components.0.label' },
  { limit: 'custom_id', at: { components: [row(button(text(100)))] }, over: { components: [row(button(text(101)))] }, path: 'components.0.components.0.custom_id' },
];

/** Follows a dotted path into Discord's error tree and returns the `_errors` codes found there. */
function codesAt(tree: unknown, path: string): string[] {
  let node = tree as Record<string, unknown> | undefined;
  for (const key of path.split('.')) node = node?.[key] as Record<string, unknown> | undefined;
  return ((node?._errors as { code: string }[] | undefined) ?? []).map((e) => e.code);
}

describe('validateMessageBody', () => {
  it.each(cases)('accepts $limit at the limit and reports one over at $path', ({ at, over, path }) => {
    expect(validateMessageBody(at).toResponse()).toBeNull();
    const response = validateMessageBody(over).toResponse();
    expect(response?.status).toBe(400);
    expect(response?.body).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    expect(codesAt(response?.body.errors, path).length).toBeGreaterThan(0);
  });

  it('counts characters as code points, so 2000 emoji fit in content', () => {
    expect(validateMessageBody({ content: '😀'.repeat(MESSAGE_LIMITS.content) }).any).toBe(false);
  });

  it('nests errors under the prefix used for interaction callbacks', () => {
    const tree = validateMessageBody({ content: text(2001) }, ['data']).tree;
    expect(codesAt(tree, 'data.content')).toEqual(['BASE_TYPE_MAX_LENGTH']);
  });

  it('rejects an embed field with an empty value, which Discord requires', () => {
    const tree = validateMessageBody({ embeds: [{ fields: [{ name: 'Source', value: '' }] }] }).tree;
    expect(codesAt(tree, 'embeds.0.fields.0.value')).toEqual(['BASE_TYPE_REQUIRED']);
  });

  it('rejects a relative embed URL such as a file path', () => {
    const tree = validateMessageBody({ embeds: [{ title: 'Doc', url: 'articles/doc.md' }] }).tree;
    expect(codesAt(tree, 'embeds.0.url')).toEqual(['URL_TYPE_INVALID_URL']);
  });

  it('rejects two buttons with the same custom_id in one message', () => {
    const tree = validateMessageBody({ components: [row(button('x')), row(button('x'))] }).tree;
    expect(codesAt(tree, 'components.1.components.0.custom_id')).toEqual(['COMPONENT_CUSTOM_ID_DUPLICATED']);
  });
});

describe('isEmptyMessage', () => {
  it('treats whitespace-only content without embeds or components as empty', () => {
    expect(isEmptyMessage({ content: '  \n' })).toBe(true);
    expect(isEmptyMessage({ content: '', embeds: [{ title: 't' }] })).toBe(false);
  });
});
