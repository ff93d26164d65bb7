import { describe, expect, it } from 'vitest';
import { useEngine } from '../support/engine-fixture.ts';

const article = (title: string, body: string) => `---\ntitle: "${title}"\noutlet: "Harbour Gazette"\ndate: 2023-05-02\n---\n${body}\n`;

const ARTICLES: Record<string, string> = {
  'lighthouse.md': article(
    'Volunteer work on the coast',
    'Volunteers repainted the lighthouse in 1998, after a storm stripped its paint.\n\nThe keeper’s cottage became a small museum of shipwrecks.',
  ),
  'market.md': article('Saturday market', 'Growers sold apples, pears and cider in the square.\n\nA brass band played by the fountain until dusk.'),
  'ferry.md': article('Ferry timetable', 'The ferry now sails twice a day to the island.\n\nTickets cost four pounds for adults and one pound for children.'),
  'school.md': article('School roof', 'The school roof was repaired over the summer holidays.\n\nPupils returned to dry classrooms in September.'),
};

describe('a passage both searches rank first', () => {
  // The dense gate set out of reach: only the keyword gate decides here.
  const suite = useEngine({ articles: ARTICLES, env: { MIN_DENSE_SCORE: '0.99' } });

  it('is answered with a little less than the usual share of the question’s words', async () => {
    // The passage holds "volunteers", "repainted" and "lighthouse", not "summer", "ferry", "school" or "market", which other
    // articles hold: just under the usual share of the question's weighted words, but first for both searches alike.
    const answer = await suite.engine.ask('When did volunteers repaint the lighthouse by the summer ferry, the school and the market?');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]!.excerpt).toContain('Volunteers repainted the lighthouse in 1998');
    expect(answer.citations).toHaveLength(1);
  });

  it('still refuses when that passage holds well under the usual share of the question’s words', async () => {
    // With more words the other articles hold, the lighthouse passage, first in both searches still, falls too far short.
    const answer = await suite.engine.ask('When did volunteers repaint the lighthouse near the ferry, the school, the market and the island?');
    expect(answer.answered).toBe(false);
  });
});
