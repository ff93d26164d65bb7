import { describe, expect, it } from 'vitest';
import { readMetadata } from '../../src/articles/article-metadata.ts';

describe('readMetadata', () => {
  it('prefers the main key over its aliases and flattens a multi-line title', () => {
    const { metadata, warnings } = readMetadata({
      title: 'Two\n  lines',
      outlet: 'UPI',
      source: 'ignored',
      byline: 'Kim',
      author: 'ignored',
      url: 'https://upi.com/a',
      link: 'https://ignored.example',
    });
    expect(metadata).toEqual({ title: 'Two lines', outlet: 'UPI', date: null, byline: 'Kim', url: 'https://upi.com/a' });
    expect(warnings).toEqual([]);
  });

  it('drops every non-http url scheme with a warning', () => {
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd', '/relative']) {
      const { metadata, warnings } = readMetadata({ url });
      expect(metadata.url, url).toBeNull();
      expect(warnings, url).toHaveLength(1);
    }
  });

  it('ignores a title that is a mapping, with a warning, so the body can supply one', () => {
    expect(readMetadata({ title: { text: 'x' } })).toEqual({
      metadata: { title: null, outlet: null, date: null, byline: null, url: null },
      warnings: ['title should be plain text but is a nested mapping; it was ignored'],
    });
  });

  it('cuts a very long front matter title and says so', () => {
    const { metadata, warnings } = readMetadata({ title: 'x'.repeat(5000) });
    expect(metadata.title).toHaveLength(200);
    expect(warnings).toEqual(['title is 5000 characters long; it was cut to 200']);
  });
});
