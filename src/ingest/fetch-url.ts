import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { formatBytes } from '../articles/format-bytes.ts';
import { addressKind, isPublicAddress } from './address-policy.ts';
import { IngestRefused } from './ingest-error.ts';

/** The rules every fetch of a user-given link follows. */
export interface FetchRules {
  /** Largest body accepted, checked against Content-Length before reading and counted while reading. */
  maxBytes: number;
  /** Time allowed to open each connection (TCP and TLS). */
  connectTimeoutMs: number;
  /** Time allowed for the whole fetch, redirects included. */
  totalTimeoutMs: number;
  /** Redirects followed at most. */
  maxRedirects: number;
  /** Which resolved addresses may be connected to; the default refuses all but public unicast ones. */
  isAllowedAddress?: (address: string) => boolean;
  /** What the body is called in refusals: `page` (a link) by default, `file` for an attachment. */
  noun?: 'page' | 'file';
  /** Resolves a host name to addresses (tests may point names at 127.0.0.1). */
  resolve?: (host: string) => Promise<string[]>;
}

/** A fetched body and what the server said about it. */
export interface Fetched {
  bytes: Uint8Array;
  /** The media type of the Content-Type header, lower case, without parameters; null when absent. */
  mediaType: string | null;
  /** The header's charset parameter, when given. */
  charset: string | undefined;
  /** The address the body came from, after redirects. */
  finalUrl: string;
}

/** Redirects followed at most, like a browser's limit but much lower: a news link needs one or two. */
export const MAX_REDIRECTS = 5;

/** Media types a link may serve: web pages, plain text (and Markdown) and PDF. Anything else is refused before its body is read. */
const ACCEPTED_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown', 'text/x-markdown', 'application/pdf']);

// Servers that serve everything as octet-stream are common for PDFs; the bytes decide (see sniff-format.ts).
const UNLABELLED_TYPES = new Set(['application/octet-stream', 'binary/octet-stream']);

/**
 * Fetches a link someone gave the bot, safely:
 * - `http:` and `https:` only;
 * - every hop (the link and each redirect) resolves its host name once and connects to exactly the
 *   address that was checked (no second lookup a DNS rebinding could answer differently); the
 *   address must pass `isAllowedAddress` (public unicast by default), and so must a literal IP;
 * - at most `maxRedirects` redirects, and a loop is named as one;
 * - a connect timeout per hop and a total timeout;
 * - a size cap before (Content-Length) and while reading (compressed bodies are counted after
 *   decompression, so a small gzip bomb is stopped too);
 * - only web page, text or PDF media types (a missing or generic type is left to the byte sniffing).
 *
 * @throws {IngestRefused} with a reason fit to show the person who gave the link
 */
export async function fetchUrl(link: string, rules: FetchRules): Promise<Fetched> {
  const isAllowed = rules.isAllowedAddress ?? isPublicAddress;
  const resolve = rules.resolve ?? defaultResolve;
  const total = AbortSignal.timeout(rules.totalTimeoutMs);
  const seen = new Set<string>();
  let url = parseLink(link);
  for (let hop = 0; ; hop++) {
    seen.add(url.href);
    // A name server that never answers must not outlast the total time either.
    const address = await Promise.race([checkedAddress(url, isAllowed, resolve), rejectWhenAborted(total, rules)]);
    const response = await request(url, address, rules, total);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.destroy();
      if (hop >= rules.maxRedirects) {
        throw new IngestRefused(
          rules.maxRedirects === 0
            ? `The ${rules.noun ?? 'page'} is not at the address given (it redirects elsewhere); it was not fetched.`
            : `The link redirects more than ${rules.maxRedirects} times; link to the article's final address instead.`,
        );
      }
      let next: URL;
      try {
        next = new URL(response.headers.location, url);
      } catch {
        throw new IngestRefused(`The link redirects to an address that is not valid (${JSON.stringify(response.headers.location)}).`);
      }
      if (seen.has(next.href)) throw new IngestRefused('The link redirects in a loop, so the page can never be reached; check the address.');
      url = checkScheme(next, 'redirects to');
      continue;
    }
    if (status < 200 || status >= 300) {
      response.destroy();
      const text = http.STATUS_CODES[status] ?? 'an error';
      throw new IngestRefused(`The server answered ${status} ${text} for ${url.href}; check the link opens in a browser.`);
    }
    const { mediaType, charset } = parseContentType(response.headers['content-type']);
    if (mediaType !== null && !ACCEPTED_TYPES.has(mediaType) && !UNLABELLED_TYPES.has(mediaType)) {
      response.destroy();
      throw new IngestRefused(`The link serves ${mediaType}, not a web page, text or PDF; link to the article itself.`);
    }
    const bytes = await readBody(response, rules, total);
    return { bytes, mediaType, charset, finalUrl: url.href };
  }
}

function rejectWhenAborted(signal: AbortSignal, rules: FetchRules): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = () => reject(totalTimeout(rules));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

function parseLink(link: string): URL {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new IngestRefused('That is not a valid link; give a full address starting with https://.');
  }
  return checkScheme(url, 'is');
}

function checkScheme(url: URL, verb: string): URL {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IngestRefused(`The link ${verb} a ${url.protocol} address; only http:// and https:// links can be added.`);
  }
  if (url.username || url.password) throw new IngestRefused('Links with a user name or password in them are not accepted.');
  return url;
}

async function defaultResolve(host: string): Promise<string[]> {
  const records = await dnsLookup(host, { all: true, verbatim: true });
  return records.map((r) => r.address);
}

/** The one address to connect to for `url`, after checking every address its host resolves to. */
async function checkedAddress(url: URL, isAllowed: (a: string) => boolean, resolve: (h: string) => Promise<string[]>): Promise<string> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      throw new IngestRefused(`The host ${host} could not be found (${(error as NodeJS.ErrnoException).code ?? 'no address'}); check the link.`);
    }
  }
  // Every address must pass, not just one: a name that also points inside is not fetched at all.
  const refused = addresses.find((a) => !isAllowed(a));
  if (refused !== undefined || addresses.length === 0) {
    throw new IngestRefused(
      `The link points to ${refused === undefined ? 'no address' : addressKind(refused)} (${host}); only public web addresses can be fetched.`,
    );
  }
  return addresses[0]!;
}

function request(url: URL, address: string, rules: FetchRules, total: AbortSignal): Promise<IncomingMessage> {
  const family = isIP(address);
  // Connect to the checked address; TLS still verifies the certificate against the host name.
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: 'GET',
      lookup: pinned,
      signal: total,
      headers: {
        'user-agent': 'article-answer-bot/0.1 (+adds a news article a moderator linked)',
        accept: 'text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.1',
        'accept-encoding': 'gzip, deflate, br',
      },
    });
    const connectTimer = setTimeout(() => {
      req.destroy(new IngestRefused(`${url.host} did not accept a connection within ${rules.connectTimeoutMs / 1000} s; try again later.`));
    }, rules.connectTimeoutMs);
    req.on('socket', (socket) => {
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('response', (response) => {
      clearTimeout(connectTimer);
      resolve(response);
    });
    req.on('error', (error) => {
      clearTimeout(connectTimer);
      reject(describeFailure(error, url, rules, total));
    });
    req.end();
  });
}

async function readBody(response: IncomingMessage, rules: FetchRules, total: AbortSignal): Promise<Uint8Array> {
  const { maxBytes } = rules;
  const tooBig = (size: number) =>
    new IngestRefused(`The ${rules.noun ?? 'page'} is too large (${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit); it was not added.`);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooBig(declared);
  }
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const body =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? response.pipe(createGunzip())
      : encoding === 'deflate'
        ? response.pipe(createInflate())
        : encoding === 'br'
          ? response.pipe(createBrotliDecompress())
          : response;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooBig(size);
      chunks.push(chunk);
    }
  } catch (error) {
    response.destroy();
    if (error instanceof IngestRefused) throw error;
    if (total.aborted) throw totalTimeout(rules);
    throw new IngestRefused(`The page could not be downloaded completely (${(error as Error).message}); try again.`);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function describeFailure(error: Error, url: URL, rules: FetchRules, total: AbortSignal): IngestRefused {
  if (error instanceof IngestRefused) return error;
  if (total.aborted) return totalTimeout(rules);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return new IngestRefused(`${url.host} refused the connection; check the link.`);
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) {
    return new IngestRefused(`${url.host} has no valid HTTPS certificate (${code}); it was not fetched.`);
  }
  return new IngestRefused(`${url.host} could not be reached (${code ?? error.message}); try again later.`);
}

function totalTimeout(rules: FetchRules): IngestRefused {
  return new IngestRefused(`The page did not finish downloading within ${rules.totalTimeoutMs / 1000} s; try again later or link to a faster copy.`);
}

function parseContentType(header: string | undefined): { mediaType: string | null; charset: string | undefined } {
  if (!header) return { mediaType: null, charset: undefined };
  const [type, ...params] = header.split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)/i.exec(p)?.[1]).find(Boolean);
  return { mediaType: type!.trim().toLowerCase() || null, charset: charset?.toLowerCase() };
}
