import { createHash } from 'node:crypto';

const MAX_SLUG_CHARS = 60;

/**
 * The file name an added article is stored under: a slug of its title and a hash of what
 * identifies it (`title-words-0123456789ab.md`). Nothing a user typed or uploaded chooses a
 * path: the slug keeps only ASCII letters, digits and single hyphens (accents are folded, other
 * scripts dropped), is capped at 60 characters, and the hash suffix makes names like `CON`,
 * `..`, NUL bytes, 300-character titles or look-alike Unicode harmless and distinct.
 *
 * @param identity - the canonical link for a page, the text for an upload: the same article
 *   always maps to the same name
 */
export function storedName(title: string, identity: string): string {
  const slug =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, MAX_SLUG_CHARS)
      .replace(/-+$/, '') || 'article';
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 12);
  return `${slug}-${hash}.md`;
}

/** The text an article is recognised by when added again: case and whitespace do not count. */
export function textIdentity(text: string): string {
  return createHash('sha256').update(text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase()).digest('hex');
}

/** The link an article is recognised by when added again: the fragment does not count. */
export function linkIdentity(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}
