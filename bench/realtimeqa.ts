import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * The RealTimeQA development set (../shared/datasets/realtimeqa-dev/): weekly
 * news-quiz questions (`YYYYMMDD_qa.jsonl`) and the news articles a search
 * returned for each (`YYYYMMDD_gcs.jsonl`). The definitions below are the
 * ones the news-scale issue fixes, so figures compare across runs.
 */

export interface RealtimeqaArticle {
  /** File name in the collection: derived from the URL, never from the title. */
  documentId: string;
  url: string;
  title: string;
  /** `YYYY-MM-DD`, or null when the file gives none. */
  date: string | null;
  text: string;
}

export interface RealtimeqaQuestion {
  id: string;
  question: string;
  /** The day the quiz was published (`YYYY-MM-DD`): the question is about the news before it. */
  date: string;
  /** The right choice, as written. */
  answer: string;
  /** The right choice appears in the text of the question's own search results. */
  answerable: boolean;
  /** The right choice is a proper name found in no article at all: the only honest reply is a refusal. */
  unanswerable: boolean;
  /** The URLs of the question's own search results. */
  urls: string[];
}

export interface RealtimeqaSet {
  folder: string;
  articles: RealtimeqaArticle[];
  questions: RealtimeqaQuestion[];
}

const quizLine = z.object({
  question_id: z.string(),
  question_date: z.string().regex(/^\d{4}[/-]\d{2}[/-]\d{2}$/),
  question_sentence: z.string(),
  choices: z.array(z.string()).min(1),
  answer: z.array(z.string().regex(/^\d+$/)).min(1),
});
/** One line of a weekly `*_gcs.jsonl` file: a question's search results (also the format of `realtimeqa-news/`). */
export const searchLine = z.object({
  question_id: z.string(),
  search_result: z.array(
    z.object({
      url: z.string(),
      title: z.string().nullable().optional(),
      text: z.string().nullable().optional(),
      publish_date: z.string().nullable().optional(),
    }),
  ),
});

export type SearchLine = z.infer<typeof searchLine>;
type SearchResult = SearchLine['search_result'][number];

/** A JSON-lines file, each line checked against `schema`; throws naming the file and line of the first bad one. */
export async function readJsonLines<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const out: T[] = [];
  (await readFile(file, 'utf8')).split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(schema.parse(JSON.parse(line)));
    } catch (error) {
      throw new Error(`${file} line ${i + 1}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
    }
  });
  return out;
}

/** A title for an article without one: its site. */
const siteOf = (url: string): string => {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
};

/** Every article with text once, in order (the same URL comes back for several questions and weeks; the first copy wins). */
export function distinctArticles(lists: Iterable<readonly SearchResult[]>): RealtimeqaArticle[] {
  const articles = new Map<string, RealtimeqaArticle>();
  for (const list of lists) {
    for (const r of list) {
      const text = r.text?.trim() ?? '';
      if (text === '' || articles.has(r.url)) continue;
      const date = r.publish_date && /^\d{4}\/\d{2}\/\d{2}$/.test(r.publish_date) ? r.publish_date.replaceAll('/', '-') : null;
      const documentId = `${createHash('sha256').update(r.url).digest('hex').slice(0, 16)}.md`;
      articles.set(r.url, { documentId, url: r.url, title: r.title?.trim() || siteOf(r.url), date, text });
    }
  }
  return [...articles.values()];
}

/**
 * The issue's normalisation: lower case, punctuation replaced by spaces, white
 * space collapsed. No Unicode normalisation on purpose: the issue's counts
 * (82 answerable) are of the text as written ("Beyoncé" with a combining
 * accent does not match a precomposed one).
 */
export function normaliseQuizText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `needle` (normalised) appears in `haystack` (normalised). */
export const appearsIn = (haystack: string, needle: string): boolean => needle !== '' && haystack.includes(needle);

/** One to three words, each capitalised, "and", "of", "the", or holding a digit. */
export function isProperName(choice: string): boolean {
  const words = choice.trim().split(/\s+/);
  return words.length >= 1 && words.length <= 3 && words.every((w) => /^\p{Lu}/u.test(w) || w === 'and' || w === 'of' || w === 'the' || /\d/.test(w));
}

/** The folder's question and search files, paired by week; throws naming what is missing or malformed. */
export async function readRealtimeqa(folder: string): Promise<RealtimeqaSet> {
  if (!existsSync(folder)) throw new Error(`--realtimeqa ${folder}: no such folder`);
  const names = (await readdir(folder)).sort();
  const weeks = names.filter((n) => /^\d{8}_qa\.jsonl$/.test(n)).map((n) => n.slice(0, 8));
  if (weeks.length === 0) throw new Error(`--realtimeqa ${folder}: no YYYYMMDD_qa.jsonl files (expected the realtimeqa-dev folder)`);
  const quiz: z.infer<typeof quizLine>[] = [];
  const results = new Map<string, z.infer<typeof searchLine>['search_result']>();
  for (const week of weeks) {
    const search = `${week}_gcs.jsonl`;
    if (!names.includes(search)) throw new Error(`--realtimeqa ${folder}: ${week}_qa.jsonl has no ${search} beside it`);
    quiz.push(...(await readJsonLines(path.join(folder, `${week}_qa.jsonl`), quizLine)));
    for (const line of await readJsonLines(path.join(folder, search), searchLine)) results.set(line.question_id, line.search_result);
  }
  const articles = distinctArticles(results.values());
  const everything = articles.map((a) => ` ${normaliseQuizText(`${a.title} ${a.text}`)} `).join('\n');
  const questions = quiz.map((q): RealtimeqaQuestion => {
    const answer = q.choices[Number(q.answer[0])];
    if (answer === undefined) throw new Error(`${q.question_id}: answer ${q.answer[0]} is not one of its ${q.choices.length} choices`);
    const gold = normaliseQuizText(answer);
    const own = (results.get(q.question_id) ?? []).map((r) => normaliseQuizText(r.text ?? '')).join('\n');
    return {
      id: q.question_id,
      question: q.question_sentence,
      date: q.question_date.replace(/\//g, '-'),
      answer,
      answerable: appearsIn(own, gold),
      unanswerable: isProperName(answer) && !appearsIn(everything, gold),
      urls: (results.get(q.question_id) ?? []).map((r) => r.url),
    };
  });
  return { folder, articles, questions };
}

const outletOf = (url: string): string | null => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
};

/** Writes every article as a Markdown file with front matter (title, outlet from the host, url, date) under `dir`. */
export async function writeRealtimeqaArticles(articles: readonly RealtimeqaArticle[], dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const a of articles) {
    const meta = [`title: ${JSON.stringify(a.title)}`, `url: ${JSON.stringify(a.url)}`];
    const outlet = outletOf(a.url);
    if (outlet) meta.push(`outlet: ${JSON.stringify(outlet)}`);
    if (a.date) meta.push(`date: ${JSON.stringify(a.date)}`);
    await writeFile(path.join(dir, a.documentId), `---\n${meta.join('\n')}\n---\n${a.text}\n`);
  }
}
