import { describe, expect, it } from 'vitest';
import { useEngine } from '../support/engine-fixture.ts';

const ARTICLES: Record<string, string> = {
  'super-bowl.md': `---
title: "Pregame and halftime at the big game"
outlet: "Sports Desk"
date: 2016-02-08
---
Lady Gaga sang the anthem before kickoff, while Marlee Matlin performed it in American Sign Language.

Coldplay headlined the halftime show with guests Beyoncé and Bruno Mars.

The broadcast drew one of the largest television audiences in history.
`,
  'harvest.md': `---
title: "Harvest festival in the valley"
outlet: "Valley News"
date: 2016-09-12
---
Growers brought apples, pears and cider to the square on Saturday.

A brass band played while children pressed apples by hand.
`,
  'council.md': `---
title: "City council budget vote"
outlet: "Town Crier"
date: 2016-03-01
---
The council approved a budget that adds two buses and repairs the library roof.

Members who voted against it said the bus plan was too small.
`,
};

describe('the article title as context for the relevance gate', () => {
  const suite = useEngine({ articles: ARTICLES });

  it('answers a question whose words are split between the title and the sentence that answers it', async () => {
    // "big game" and "pregame" are only in the title; "sang the anthem" is in the body.
    const answer = await suite.engine.ask('Who sang the anthem at the big game pregame?');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]!.excerpt).toContain('Lady Gaga sang the anthem');
    expect(answer.citations[0]!.title).toBe('Pregame and halftime at the big game');
  });
});
