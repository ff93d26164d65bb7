/**
 * Thrown by {@link loadArticles} when the articles folder itself cannot be read.
 * Problems with single files never throw; they are returned as `ArticleProblem`s.
 */
export class ArticleFolderError extends Error {
  override readonly name = 'ArticleFolderError';

  /**
   * @param dir - the folder as the caller gave it
   * @param code - the Node error code (`ENOENT`, `EACCES`, ...) or `ENOTDIR`
   */
  constructor(
    readonly dir: string,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`reading articles folder ${dir}: ${message}`, options);
  }
}
