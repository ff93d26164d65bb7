import type { IngestConfig } from '../config.ts';
import { MAX_REDIRECTS, type FetchRules } from './fetch-url.ts';

/** The fetch rules the settings give (everything but the size cap, which is MAX_FILE_MB). */
export function fetchRulesFrom(config: IngestConfig): Omit<FetchRules, 'maxBytes'> {
  return {
    connectTimeoutMs: config.connectTimeoutMs,
    totalTimeoutMs: config.fetchTimeoutMs,
    maxRedirects: MAX_REDIRECTS,
    ...(config.allowPrivateUrls ? { isAllowedAddress: () => true } : {}),
  };
}
