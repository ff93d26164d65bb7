import stem from 'wink-porter2-stemmer';
import { numberValue } from './number-mentions.ts';
import type { Mention, Qualifier } from './types.ts';

/**
 * The words of a casualty count, as stems: those that count the dead, those
 * that count the hurt (its two parts), and those that name the whole. The
 * fact reader's synonyms (`fact-question.ts`) read a whole as its parts.
 */
export const CASUALTY_STEMS = {
  dead: ['kill', 'die', 'dead', 'death', 'fallen', 'perish', 'fatal', 'fataliti'],
  hurt: ['wound', 'injur', 'hurt'],
  whole: ['casualti', 'loss'],
} as const;

const DEAD: ReadonlySet<string> = new Set(CASUALTY_STEMS.dead);
const HURT: ReadonlySet<string> = new Set(CASUALTY_STEMS.hurt);
const WHOLE: ReadonlySet<string> = new Set(CASUALTY_STEMS.whole);

const partOf = (word: string): 'dead' | 'hurt' | null => {
  const s = stem(word.toLowerCase());
  return DEAD.has(s) ? 'dead' : HURT.has(s) ? 'hurt' : null;
};

/**
 * Whether a question asks for a whole casualty count: it names casualties
 * or losses, or both parts ("killed or wounded"). Its stems are the
 * question's own words, analysed, without synonyms.
 */
export function asksForWhole(stems: Iterable<string>): boolean {
  let dead = false;
  let hurt = false;
  for (const s of stems) {
    if (WHOLE.has(s)) return true;
    dead ||= DEAD.has(s);
    hurt ||= HURT.has(s);
  }
  return dead && hurt;
}

/** "with another", "and a further", "plus": what joins the second part of a count to the first. */
const JOINED = /(?:,\s*|\s+)(?:with|and|plus|while)\s+(?:another\s+|a further\s+|an additional\s+|some\s+)?$/i;
/** ", of which only", "including": what opens a part of the figure before. */
const SUBSET = /^\s*,?\s*(?:of (?:which|whom|them|those)|including)\s+(?:only\s+|just\s+|at least\s+)?$/i;

/** The first word of `text` that names a part of a casualty count, with where it ends. */
function firstPart(text: string): { part: 'dead' | 'hurt'; word: string; end: number } | null {
  for (const m of text.matchAll(/\p{L}+/gu)) {
    const part = partOf(m[0]);
    if (part) return { part, word: m[0], end: m.index + m[0].length };
  }
  return null;
}

/** The qualifier of a sum: any bound makes it a bound ("over 100" + "1,000" is more than 1,100), any estimate an estimate. */
function sumQualifier(a: Qualifier, b: Qualifier): Qualifier | undefined {
  const both = [a, b];
  if (both.some((q) => q !== null && q !== 'more than' && q !== 'at least' && q !== 'about')) return undefined;
  if (both.includes('about')) return 'about';
  return both.some((q) => q === 'more than' || q === 'at least') ? 'more than' : null;
}

/**
 * Reads a casualty count given in parts, for a question that asks for the
 * whole (see {@link asksForWhole}). "over 100 troops have been killed in
 * Kursk, with another 1,000 wounded" is one value, more than 1,100, shown as
 * "over 100 killed and 1,000 wounded": stating "1,000" alone would report the
 * wounded as all the casualties. "1,100, of which only 100 were confirmed
 * kills" is the figure 1,100, shown with the part it names; the part is not
 * a value of its own. Other figures are returned as they are. A value read
 * from parts keeps the first figure's offsets: it is tied to the question
 * by the words around that figure, as the figure alone would be.
 */
export function wholeCounts(text: string, mentions: readonly Mention[]): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < mentions.length; i++) {
    const a = mentions[i]!;
    const b = mentions[i + 1];
    if (!b || a.upper !== undefined || b.upper !== undefined) {
      out.push(a);
      continue;
    }
    const between = text.slice(a.end, b.start);
    const after = text.slice(b.end, b.end + 40).split(/[.;!?]/)[0]!;
    const named = firstPart(after);
    if (SUBSET.test(between) && named) {
      const end = b.end + named.end;
      const label = text.slice(a.start, end).replace(/\s+/g, ' ');
      out.push({ ...a, label, quote: label });
      i++;
      continue;
    }
    const first = /[.!?]\s/.test(between) ? null : firstPart(between);
    const second = /^\s*(?:were|more|others?)?\s*\p{L}+/iu.exec(after)?.[0];
    const secondPart = second ? firstPart(second) : null;
    const qualifier = sumQualifier(a.qualifier, b.qualifier);
    if (first && secondPart && first.part !== secondPart.part && JOINED.test(between) && qualifier !== undefined) {
      const end = b.end + secondPart.end;
      out.push({
        ...a,
        value: numberValue(Number(a.value) + Number(b.value)),
        qualifier,
        label: `${a.label} ${first.word} and ${b.label} ${secondPart.word}`,
        quote: text.slice(a.start, end).replace(/\s+/g, ' '),
      });
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}
