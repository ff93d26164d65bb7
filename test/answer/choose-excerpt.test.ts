import { describe, expect, it } from 'vitest';
import { weighQuery } from '../../src/answer/build-answer.ts';
import { chooseExcerpt } from '../../src/answer/choose-excerpt.ts';
import { chunkText } from '../../src/chunking/chunk-text.ts';
import { chunkRecord } from '../../src/indexing/build-index.ts';

/** One chunk of `text`, split by the real chunker (word count stands in for the tokenizer). */
function oneChunk(text: string) {
  const [chunk] = chunkText(text, { maxTokens: 1000, overlapSentences: 0, countTokens: (t) => t.split(/\s+/).length });
  return chunkRecord('doc.md', chunk!);
}
const flatIdf = () => 1;

describe('choosing the excerpt to quote', () => {
  it('quotes a short sentence that echoes the question together with the sentence after it', () => {
    const text =
      'Engines were measured in many ways. The most useful instrument for engines is the indicator. ' +
      'Charles Porter first showed it at the London exhibition in 1862, to great interest from builders and mill owners alike. ' +
      'Later models recorded pressure on paper drums.';
    const excerpt = chooseExcerpt(oneChunk(text), weighQuery('What is the most useful instrument for engines?', flatIdf));
    expect(excerpt.text).toBe(
      'The most useful instrument for engines is the indicator. Charles Porter first showed it at the London exhibition in 1862, to great interest from builders and mill owners alike.',
    );
    expect(text.slice(excerpt.start, excerpt.end)).toBe(excerpt.text);
  });

  it('quotes a sentence that opens with a pronoun together with the sentence before it, which names whom it means', () => {
    const named = 'Peyton Manning became the first quarterback ever to lead two different teams to multiple Super Bowls.';
    const echo = 'He is also the oldest quarterback ever to play in a Super Bowl, at the age of thirty-nine, beating the earlier record by a full season.';
    const text = `The game was played in February. ${named} ${echo} The Broncos won by fourteen points.`;
    const excerpt = chooseExcerpt(oneChunk(text), weighQuery('Who is the oldest quarterback to play in a Super Bowl?', flatIdf));
    expect(excerpt.text).toBe(`${named} ${echo}`);
    // Without the pronoun the sentence stands alone.
    const alone = chooseExcerpt(oneChunk(text.replace('He is', 'Manning is')), weighQuery('Who is the oldest quarterback to play in a Super Bowl?', flatIdf));
    expect(alone.text).toBe(echo.replace('He is', 'Manning is'));
  });

  it('quotes the sentence closest in meaning when given each sentence\'s similarity, where meaning outweighs the shared words', () => {
    const sentences = [
      'North Korean soldiers have fought in the Kursk region since the autumn, alongside Russian marines and airborne units sent there in October.',
      'Before the assault began, the men were issued fake identity cards naming them as residents of Siberian republics far from the front.',
      'North Korean soldiers also took part in the winter fighting near the border, where both sides lost hundreds of men in a few days.',
    ];
    const chunk = oneChunk(sentences.join(' '));
    const query = weighQuery('Were the North Korean soldiers given false documents?', flatIdf);
    // By words, a sentence repeating "North Korean soldiers" wins; by meaning, the one about the identity cards.
    expect(chooseExcerpt(chunk, query).text).not.toContain('fake identity cards');
    // (The next sentence joins it as usual, for the question's words it adds.)
    expect(chooseExcerpt(chunk, query, [0.2, 0.95, 0.25]).text.startsWith(sentences[1]!)).toBe(true);
    // Similarity and the question's words count together: a close call goes to the sentence that shares them.
    expect(chooseExcerpt(chunk, query, [0.41, 0.77, 0.43]).text.startsWith(sentences[1]!)).toBe(false);
    // Similarities that do not fit the chunk's sentences are ignored rather than misapplied.
    expect(chooseExcerpt(chunk, query, [0.1, 0.9]).text).toBe(chooseExcerpt(chunk, query).text);
  });

  it('quotes a sentence with the next one when that one opens with a pronoun and so goes on about the same subject', () => {
    const echo =
      'After leaving the company, the inventor partnered with two businessmen in 1886, who agreed to finance an electric lighting company in his name, Tesla Electric Light & Manufacturing.';
    const next = 'The company installed electrical arc light based illumination systems designed by the inventor.';
    const text = `${echo} ${next} Investors later pulled out of the venture entirely.`;
    const excerpt = chooseExcerpt(oneChunk(text), weighQuery('What did Tesla Electric Light & Manufacturing do?', flatIdf));
    expect(excerpt.text).toBe(`${echo} ${next}`);
    // A next sentence about something else is left out.
    const other = chooseExcerpt(oneChunk(text.replace('The company installed', 'Rivals installed')), weighQuery('What did Tesla Electric Light & Manufacturing do?', flatIdf));
    expect(other.text).toBe(echo);
  });

  it('quotes a sentence with the next one when that one says "most of them"', () => {
    const echo = 'This led to the construction of hundreds of places of religious worship in all parts of the town over the following decades.';
    const next = 'Most of them were destroyed in the aftermath of the Warsaw Uprising of 1944.';
    const text = `${echo} ${next} After the war, the new authorities discouraged religion.`;
    // The next sentence shares none of the question's words: only its "Most of them" ties it to the places.
    const question = 'What became of the places of religious worship built in the town?';
    expect(chooseExcerpt(oneChunk(text), weighQuery(question, flatIdf)).text).toBe(`${echo} ${next}`);
  });

  it("tells sentences apart by the question's words that are rare among them, not by a name every sentence repeats", () => {
    const text = [
      'The Panthers line also featured veteran end Jared Allen, the active career sack leader with 136, and Kony Ealy, who had five sacks in nine starts.',
      'The Panthers defense gave up just 308 points, ranking sixth in the league, and boasted four Pro Bowl selections in all.',
      'Pro Bowl defensive tackle Kawann Short led the team in sacks with 11, while also forcing three fumbles and recovering two more.',
      'The offense scored the most points in the league that season, helped by a quarterback who ran for ten touchdowns.',
    ].join(' ');
    // "Panthers" and "sacks" are in two sentences each, "led" in one: the sentence with "led" and "sacks" answers.
    const excerpt = chooseExcerpt(oneChunk(text), weighQuery('Who led the Panthers in sacks?', flatIdf));
    expect(excerpt.text).toContain('Kawann Short led the team in sacks');
    expect(excerpt.text).not.toContain('Jared Allen');
  });

  it('quotes a sentence whose subject is "the agency" with the sentence before it, which names the agency', () => {
    const named = 'The death occurred on December 27, as his wounds worsened, according to the National Intelligence Service.';
    const described = 'The agency cited intelligence from a friendly country in confirming the passing of the wounded prisoner.';
    const text = `Photos of the prisoner circulated widely online. ${named} ${described} Officials declined to comment further on the case.`;
    const question = 'Which agency confirmed the passing of the prisoner?';
    expect(chooseExcerpt(oneChunk(text), weighQuery(question, flatIdf)).text).toBe(`${named} ${described}`);
    // "The agency Yonhap" names itself: it needs nothing before it.
    const self = text.replace('The agency cited', 'The agency Yonhap cited');
    expect(chooseExcerpt(oneChunk(self), weighQuery(question, flatIdf)).text.startsWith('The agency Yonhap')).toBe(true);
  });

  it('counts question words only the title holds at half their weight, and only beside words of the excerpt', () => {
    const chunk = oneChunk('Lady Gaga sang the anthem before kickoff. Coldplay headlined the halftime show later that night.');
    const title = 'Pregame at the big game';
    const query = weighQuery('Who sang the anthem at the big game pregame?', flatIdf);
    // sang, anthem of 5 equal words in the excerpt; big, game, pregame in the title only: 2/5 + half of 3/5.
    expect(chooseExcerpt(chunk, query).coverage).toBeCloseTo(2 / 5);
    expect(chooseExcerpt(chunk, query, undefined, title).coverage).toBeCloseTo(2 / 5 + 0.5 * (3 / 5));
    // The title does not change which sentence is quoted.
    expect(chooseExcerpt(chunk, query, undefined, title).text).toBe(chooseExcerpt(chunk, query).text);
    // A title holding every word of the question makes no passage relevant on its own.
    const titleOnly = weighQuery('What happened at the big game pregame?', flatIdf);
    expect(chooseExcerpt(chunk, titleOnly, undefined, 'What happened at the big game pregame').coverage).toBe(0);
  });

  it('quotes a long matching sentence alone', () => {
    const long =
      'The most useful instrument for analysing the performance of engines, according to every manual printed in the period, is the indicator diagram drawn by a pen.';
    const text = `Engines were measured in many ways. ${long} Later models recorded pressure on paper drums.`;
    const excerpt = chooseExcerpt(oneChunk(text), weighQuery('What is the most useful instrument for engines?', flatIdf));
    expect(excerpt.text).toBe(long);
  });

  it('prefers the sentence holding the kind of fact asked for', () => {
    const text =
      'The soldier was captured by special forces in the Kursk region during a raid on a trench line. ' +
      'Officials said the soldier was captured on December 26 after a long firefight near the border crossing.';
    const excerpt = chooseExcerpt(oneChunk(text), weighQuery('When was the soldier captured?', flatIdf));
    expect(excerpt.text).toMatch(/December 26/);
    expect(excerpt.typed).toBe(true);
  });

  it('asks the fact extractor only about sentences that could still win with the fact bonus', () => {
    const captured = 'The soldier was captured by special forces in Kursk on December 26 after a long firefight near the border.';
    const mentioned = 'A soldier was mentioned in a report on December 30.';
    const weather = 'The weather near the border was cold.';
    const query = weighQuery('When was the soldier captured by special forces in Kursk?', flatIdf);
    const asked: string[] = [];
    const holdsFact = query.holdsFact!;
    const excerpt = chooseExcerpt(oneChunk(`${weather} ${mentioned} ${captured}`), {
      ...query,
      holdsFact: (sentence) => {
        asked.push(sentence);
        return holdsFact(sentence);
      },
    });
    expect(excerpt.text).toBe(captured);
    expect(excerpt.typed).toBe(true);
    // The best-covered sentence holds the fact: the one that shares a single word ("soldier") cannot beat it, and is never read.
    expect(asked).toEqual([captured]);
  });

  it('quotes the first of two sentences that hold the fact equally well', () => {
    // Each too long to be quoted with the other.
    const tail = 'according to the officials who spoke to reporters at length about the raid, the long firefight, the trench line and what followed';
    const first = `The soldier was captured on December 26 in Kursk, ${tail}.`;
    const second = `The soldier was captured on December 27 in Kursk, ${tail} later.`;
    const excerpt = chooseExcerpt(oneChunk(`The war went on for many months. ${first} ${second}`), weighQuery('When was the soldier captured in Kursk?', flatIdf));
    expect(excerpt.text).toBe(first);
  });
});
