import { createServer, type AddressInfo, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../src/ingest/address-policy.ts';
import { fetchUrl, MAX_REDIRECTS, type FetchRules } from '../../src/ingest/fetch-url.ts';
import { IngestRefused } from '../../src/ingest/ingest-error.ts';
import { redirect, serve, startLocalSite, type LocalSite } from './local-site.ts';

const PAGE = '<!doctype html><html><head><title>Hi</title></head><body><p>Hello.</p></body></html>';
let site: LocalSite;
const stalled = new Set<() => void>();

/** Rules for the local site: loopback 127.0.0.1 allowed (as ALLOW_PRIVATE_URLS=true does), nothing else private. */
const rules = (overrides: Partial<FetchRules> = {}): FetchRules => ({
  maxBytes: 10_000,
  connectTimeoutMs: 2000,
  totalTimeoutMs: 5000,
  maxRedirects: MAX_REDIRECTS,
  isAllowedAddress: (address) => address === '127.0.0.1' || isPublicAddress(address),
  ...overrides,
});

const refusal = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(
    () => {
      throw new Error('expected the fetch to be refused');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestRefused);
  return (error as Error).message;
};

beforeAll(async () => {
  site = await startLocalSite({
    '/page': serve('text/html; charset=utf-8', PAGE),
    '/to-page': redirect('/page'),
    '/loop-a': redirect('/loop-b'),
    '/loop-b': redirect('/loop-a'),
    ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`/hop${i}`, redirect(`/hop${i + 1}`)])),
    '/hop7': serve('text/html', PAGE),
    '/to-other-loopback': (_req, res) => {
      const port = new URL(site.origin).port;
      res.writeHead(301, { location: `http://127.0.0.2:${port}/page` }).end();
    },
    '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
    '/to-ftp': redirect('ftp://example.com/file.pdf'),
    '/image': serve('image/png', new Uint8Array([0x89, 0x50, 0x4e, 0x47])),
    '/big-declared': serve('text/html', 'x'.repeat(20_000)),
    '/big-chunked': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 20; i++) res.write('y'.repeat(1000));
      res.end();
    },
    '/gzip-bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync('z'.repeat(1_000_000)));
    },
    '/gzipped': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(PAGE));
    },
    '/stall': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>');
      stalled.add(() => res.destroy());
    },
    '/gone': (_req, res) => res.writeHead(410).end(),
  });
});
afterAll(async () => {
  for (const stop of stalled) stop();
  await site.close();
});

describe('fetching a link', () => {
  it('returns the body, its media type and charset, following a redirect to the final address', async () => {
    const fetched = await fetchUrl(site.url('/to-page'), rules());
    expect(Buffer.from(fetched.bytes).toString()).toBe(PAGE);
    expect(fetched).toMatchObject({ mediaType: 'text/html', charset: 'utf-8', finalUrl: site.url('/page') });
  });

  it('decompresses a gzip body', async () => {
    expect(Buffer.from((await fetchUrl(site.url('/gzipped'), rules())).bytes).toString()).toBe(PAGE);
  });

  it('refuses loopback, private and link-local addresses by default, before connecting', async () => {
    const before = site.hits.get('/page') ?? 0;
    expect(await refusal(fetchUrl(site.url('/page'), rules({ isAllowedAddress: undefined })))).toMatch(/loopback address.*only public web addresses/);
    expect(await refusal(fetchUrl(site.url('/page').replace('127.0.0.1', 'localhost'), rules({ isAllowedAddress: undefined })))).toMatch(/loopback/);
    expect(await refusal(fetchUrl('http://[::1]:9/', rules({ isAllowedAddress: undefined })))).toMatch(/loopback/);
    expect(await refusal(fetchUrl('http://[::ffff:10.0.0.1]/', rules()))).toMatch(/private network address/);
    expect(await refusal(fetchUrl('http://192.168.1.1/', rules()))).toMatch(/private network address/);
    expect(await refusal(fetchUrl('http://169.254.169.254/latest/meta-data/', rules()))).toMatch(/link-local/);
    expect(site.hits.get('/page') ?? 0).toBe(before);
  });

  it('checks the address of every redirect hop, not just the first', async () => {
    expect(await refusal(fetchUrl(site.url('/to-other-loopback'), rules()))).toMatch(/loopback address on this machine \(127\.0\.0\.2\)/);
    expect(await refusal(fetchUrl(site.url('/to-metadata'), rules()))).toMatch(/link-local address \(169\.254\.169\.254\)/);
  });

  it('refuses a host name when any of its addresses is private (a name that also points inside)', async () => {
    const resolve = async () => ['93.184.216.34', '10.1.2.3'];
    expect(await refusal(fetchUrl('http://news.example/article', rules({ resolve })))).toMatch(/private network address \(news\.example\)/);
  });

  it('accepts only http and https, also on redirects', async () => {
    expect(await refusal(fetchUrl('file:///etc/passwd', rules()))).toMatch(/file: address; only http:\/\/ and https:\/\//);
    expect(await refusal(fetchUrl('javascript:alert(1)', rules()))).toMatch(/only http/);
    expect(await refusal(fetchUrl(site.url('/to-ftp'), rules()))).toMatch(/redirects to a ftp: address/);
    expect(await refusal(fetchUrl('not a link', rules()))).toMatch(/not a valid link/);
  });

  it(`follows at most ${MAX_REDIRECTS} redirects and names a loop`, async () => {
    expect(await refusal(fetchUrl(site.url('/hop0'), rules()))).toMatch(/redirects more than 5 times/);
    expect((await fetchUrl(site.url('/hop2'), rules())).finalUrl).toBe(site.url('/hop7'));
    expect(await refusal(fetchUrl(site.url('/loop-a'), rules()))).toMatch(/redirects in a loop/);
    expect(await refusal(fetchUrl(site.url('/to-page'), rules({ maxRedirects: 0, noun: 'file' })))).toBe(
      'The file is not at the address given (it redirects elsewhere); it was not fetched.',
    );
  });

  it('names the status of an error page', async () => {
    expect(await refusal(fetchUrl(site.url('/missing'), rules()))).toMatch(/answered 404 Not Found/);
    expect(await refusal(fetchUrl(site.url('/gone'), rules()))).toMatch(/answered 410 Gone/);
  });

  it('refuses media types other than web pages, text and PDF before reading the body', async () => {
    expect(await refusal(fetchUrl(site.url('/image'), rules()))).toMatch(/serves image\/png, not a web page, text or PDF/);
  });

  it('caps the size: by Content-Length before reading, while reading without one, and after decompression', async () => {
    expect(await refusal(fetchUrl(site.url('/big-declared'), rules()))).toMatch(/too large \(19\.5 KiB, over the 9\.8 KiB limit\)/);
    expect(await refusal(fetchUrl(site.url('/big-chunked'), rules()))).toMatch(/too large/);
    expect(await refusal(fetchUrl(site.url('/gzip-bomb'), rules()))).toMatch(/too large/);
  });

  it('gives up on a page that stops sending, after the total time allowed', async () => {
    expect(await refusal(fetchUrl(site.url('/stall'), rules({ totalTimeoutMs: 300 })))).toMatch(/did not finish downloading within 0\.3 s/);
  });

  it('gives up on a name server that never answers, after the total time allowed', async () => {
    const resolve = () => new Promise<string[]>(() => {});
    expect(await refusal(fetchUrl('http://news.example/a', rules({ resolve, totalTimeoutMs: 200 })))).toMatch(/did not finish downloading within 0\.2 s/);
  });

  it('gives up on a server that takes the connection but never completes it, after the connect time allowed', async () => {
    // TCP is accepted, the TLS handshake never answered: the connection is never usable.
    const held = new Set<Socket>();
    const mute = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const { port } = mute.address() as AddressInfo;
    try {
      const message = await refusal(fetchUrl(`https://127.0.0.1:${port}/a`, rules({ connectTimeoutMs: 200, totalTimeoutMs: 10_000 })));
      expect(message).toMatch(/did not accept a connection within 0\.2 s/);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => mute.close(resolve));
    }
  });

  it('says when nothing listens at the address', async () => {
    const closed = await startLocalSite({});
    const url = closed.url('/x');
    await closed.close();
    expect(await refusal(fetchUrl(url, rules()))).toMatch(/refused the connection/);
  });
});

describe('which addresses are public', () => {
  it('accepts public unicast addresses only', () => {
    for (const ok of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8']) expect(isPublicAddress(ok)).toBe(true);
    for (const no of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '255.255.255.255', '224.0.0.1', '::1', '::', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '64:ff9b::a00:1', 'not-an-ip']) {
      expect(isPublicAddress(no), no).toBe(false);
    }
  });
});
