import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** One XQuAD question with its gold answer and the paragraph (document id) it was asked of. */
export interface XquadQuestion {
  id: string;
  question: string;
  answer: string;
  documentId: string;
}

export interface XquadSet {
  file: string;
  paragraphs: { documentId: string; title: string; text: string }[];
  questions: XquadQuestion[];
}

const squadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(z.object({ id: z.string(), question: z.string(), answers: z.array(z.object({ text: z.string() })).min(1) })),
        }),
      ),
    }),
  ),
});

/** The XQuAD file under `datasetsDir`, or null when it is absent. */
export const xquadFile = (datasetsDir: string) => path.join(datasetsDir, 'xquad', 'xquad.en.json');

/**
 * Reads XQuAD (SQuAD v1.1 format): one document per paragraph, named
 * `<article>/<paragraph>.md` after the Wikipedia article. Null when the file
 * is absent; throws naming the file when it is malformed.
 */
export async function readXquad(datasetsDir: string): Promise<XquadSet | null> {
  const file = xquadFile(datasetsDir);
  if (!existsSync(file)) return null;
  let data: z.infer<typeof squadSchema>;
  try {
    data = squadSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    throw new Error(`reading ${file}: not a SQuAD-format file (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
  const set: XquadSet = { file, paragraphs: [], questions: [] };
  data.data.forEach((article, a) => {
    const folder = `${String(a).padStart(2, '0')}-${article.title.replace(/[^\p{L}\p{N}]+/gu, '_').slice(0, 60)}`;
    article.paragraphs.forEach((paragraph, p) => {
      const documentId = `${folder}/${String(p).padStart(2, '0')}.md`;
      set.paragraphs.push({ documentId, title: `${article.title.replace(/_/g, ' ')}, paragraph ${p + 1}`, text: paragraph.context });
      for (const qa of paragraph.qas) set.questions.push({ id: qa.id, question: qa.question, answer: qa.answers[0]!.text, documentId });
    });
  });
  return set;
}

/** Writes the paragraphs as article files (front matter title and outlet) under `dir`. */
export async function writeXquadArticles(set: XquadSet, dir: string): Promise<void> {
  for (const paragraph of set.paragraphs) {
    const file = path.join(dir, paragraph.documentId);
    await mkdir(path.dirname(file), { recursive: true });
    // A JSON string is a valid YAML double-quoted scalar.
    await writeFile(file, `---\ntitle: ${JSON.stringify(paragraph.title)}\noutlet: "Wikipedia (XQuAD)"\n---\n${paragraph.text}\n`);
  }
}
