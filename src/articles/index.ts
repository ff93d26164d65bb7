/**
 * Ingestion: a folder of articles (Markdown and plain text with optional YAML front matter)
 * becomes validated documents ready for chunking, plus a list of files that were skipped or warned about.
 */
export { loadArticles } from './load-articles.ts';
export { ArticleFolderError } from './article-folder-error.ts';
export {
  DEFAULT_EXTENSIONS,
  DEFAULT_MAX_FILE_BYTES,
  type ArticleDocument,
  type ArticleProblem,
  type LoadOptions,
  type LoadResult,
} from './types.ts';
