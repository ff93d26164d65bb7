import { describe, expect, it } from 'vitest';
import { capTitle, titleFromBody, titleFromPath } from '../../src/articles/derive-title.ts';

describe('titles taken from the body or the file name', () => {
  it('uses the first line with visible text, without heading marks', () => {
    expect(titleFromBody('\n  \n\u200B\n### Soldier dies ###\nText')).toBe('Soldier dies');
  });

  it('keeps a hash that is not a heading mark', () => {
    expect(titleFromBody('#hashtag news\n')).toBe('#hashtag news');
  });

  it('cuts at 200 code points without splitting an emoji', () => {
    const title = capTitle('🚀'.repeat(300));
    expect([...title]).toHaveLength(200);
    expect(title.endsWith('🚀…')).toBe(true);
  });

  it('falls back to the file name without folder or extension', () => {
    expect(titleFromPath('world/korea report.md')).toBe('korea report');
    expect(titleFromPath('.md')).toBe('.md');
  });
});
