import { IngestRefused } from '../ingest/ingest-error.ts';

/** The hosts Discord serves attachments from. */
export const DISCORD_CDN_HOSTS: readonly string[] = ['cdn.discordapp.com', 'media.discordapp.net'];

/**
 * Checks that an attachment URL from an interaction points at Discord's CDN (https), or at the
 * host of DISCORD_API_BASE when one is set (a proxy, or the local fake in tests): the bot must
 * never be steered into fetching anything else by a forged or relayed payload.
 *
 * @returns whether the host is the configured API base's (whose address may then be private)
 * @throws {IngestRefused} for any other host or scheme
 */
export function checkAttachmentUrl(url: string, apiBase: string | undefined): { viaApiBase: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new IngestRefused('The attachment has no valid address; upload the file again.');
  }
  if (apiBase !== undefined && parsed.host === new URL(apiBase).host && parsed.protocol === new URL(apiBase).protocol) {
    return { viaApiBase: true };
  }
  if (parsed.protocol === 'https:' && DISCORD_CDN_HOSTS.includes(parsed.hostname) && parsed.port === '') return { viaApiBase: false };
  throw new IngestRefused(`The attachment is not on Discord's file servers (${parsed.host}); upload the file to Discord itself.`);
}
