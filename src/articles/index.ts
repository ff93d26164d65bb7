/**
 * Ingestion: a folder of articles (Markdown and plain text with optional YAML front matter)
 * becomes validated documents ready for chunking, plus a list of files that were skipped or warned about.
 */
export { loadArticles, loadArticlesFrom } from './load-articles.ts';
export { copyArticles, type ArticleEntry, type ArticleListing, type ArticleSource } from './article-source.ts';
export { FolderArticleSource } from './folder-article-source.ts';
export { ArticleFolderError } from './article-folder-error.ts';
export {
  DEFAULT_EXTENSIONS,
  DEFAULT_MAX_FILE_BYTES,
  type ArticleDocument,
  type ArticleProblem,
  type LoadOptions,
  type LoadResult,
  type Provenance,
} from './types.ts';
export { PROVENANCE_KEYS, readProvenance } from './provenance.ts';
export { readArticleBytes, formatOfName, type ArticleFormat, type ReadArticle } from './read-article.ts';
export { readFileBytes } from './read-file-bytes.ts';
export { walkFolder } from './walk-folder.ts';
