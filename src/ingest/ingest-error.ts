import { UserError } from '../errors.ts';

/** Why an article could not be added, in words for the person who asked (a reply or a CLI error). */
export class IngestRefused extends UserError {
  override readonly name = 'IngestRefused';
  constructor(message: string, options?: ErrorOptions) {
    super('article-refused', message, options);
  }
}
