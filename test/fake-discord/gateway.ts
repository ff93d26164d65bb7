import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayDispatchEvents, GatewayOpcodes, type GatewayIdentifyData } from 'discord-api-types/v10';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { guildCreatePayload, readyPayload, shardOf } from './payloads.ts';
import type { FakeWorld } from './world.ts';

/** Settings of the fake gateway. */
export interface FakeGatewayOptions {
  /** Sent in HELLO; discord.js heartbeats at this pace (first beat after a random share of it). */
  heartbeatIntervalMs: number;
  /** Intent bits the "developer portal" has not enabled: asking for them closes with 4014. */
  refusedIntents: number;
  /** When set, IDENTIFY with another token closes with 4004. */
  token?: string;
}

/** An identified connection: one per shard the bot runs. */
interface Session {
  id: string;
  intents: number;
  seq: number;
  socket: WebSocket;
  /** `[shard id, shard count]` from IDENTIFY (`[0, 1]` when the bot does not shard). */
  shard: [number, number];
}

/** The `guild_id` of a dispatch's data, if it has one. */
const guildOf = (data: unknown): string | null => {
  const id = (data as { guild_id?: unknown } | null)?.guild_id;
  return typeof id === 'string' ? id : null;
};

/** Close codes and reasons as Discord sends them. */
const Close = {
  unknownOpcode: [4001, 'Unknown opcode.'],
  decodeError: [4002, 'Error while decoding payload.'],
  notAuthenticated: [4003, 'Not authenticated.'],
  authenticationFailed: [4004, 'Authentication failed.'],
  alreadyAuthenticated: [4005, 'Already authenticated.'],
  invalidApiVersion: [4012, 'Invalid API version.'],
  disallowedIntents: [4014, 'Disallowed intent(s).'],
} as const;

/** Builds a dispatch's data per session (intents differ), or null to skip that session. */
export type DispatchBuilder = (intents: number) => unknown;

/**
 * The WebSocket gateway: HELLO, heartbeat ACKs, IDENTIFY -> READY +
 * GUILD_CREATE (any number of sessions, as a sharded bot opens), sequence
 * numbers, and Discord's close codes for bad sessions (4004, 4014, ...).
 * Sessions cannot be resumed: a RESUME gets INVALID_SESSION, so discord.js
 * identifies afresh. Speaks `encoding=json` without compression, which is
 * what discord.js uses when `zlib-sync` is not installed.
 */
export class FakeGateway {
  readonly identifies: GatewayIdentifyData[] = [];
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sessions = new Set<Session>();
  #url = '';

  constructor(
    private readonly world: FakeWorld,
    private readonly options: FakeGatewayOptions,
    private readonly problem: (message: string) => void,
  ) {}

  /** The URL `GET /gateway/bot` hands out. */
  get url(): string {
    return this.#url;
  }

  /** Sets `ws://127.0.0.1:PORT` once the server listens. */
  setBaseUrl(baseUrl: string): void {
    this.#url = `${baseUrl}/gateway`;
  }

  /** Whether a client has identified and is still connected. */
  get hasSession(): boolean {
    return this.#sessions.size > 0;
  }

  /** Takes over an HTTP upgrade request. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, request.url ?? '/'));
  }

  /**
   * Sends a dispatch to every session that `build` does not skip, as Discord
   * routes it: a server's events only to the shard that server belongs to
   * ({@link shardOf}), the rest (DMs) to shard 0.
   */
  dispatch(t: string, build: DispatchBuilder): void {
    for (const session of this.#sessions) {
      const d = build(session.intents);
      if (d !== null && shardOf(guildOf(d), session.shard[1]) === session.shard[0]) this.#send(session, t, d);
    }
  }

  /** Terminates every socket and stops accepting new ones. */
  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#sessions.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(ws: WebSocket, url: string): void {
    let session: Session | null = null;
    const close = ([code, reason]: readonly [number, string]) => ws.close(code, reason);
    ws.on('close', () => session && this.#sessions.delete(session));
    const query = new URL(url, 'ws://localhost').searchParams;
    if (query.get('v') !== '10') {
      this.problem(`gateway: client connected with v=${query.get('v')}; only v=10 is served`);
      return close(Close.invalidApiVersion);
    }
    if ((query.get('encoding') ?? 'json') !== 'json' || query.has('compress')) {
      this.problem(`gateway: unsupported ${url}; the fake speaks encoding=json without compress`);
      return close(Close.decodeError);
    }
    this.#raw(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        if (isBinary) throw new Error('binary frame');
        payload = JSON.parse(data.toString());
      } catch {
        return close(Close.decodeError);
      }
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          return this.#raw(ws, { op: GatewayOpcodes.HeartbeatAck });
        case GatewayOpcodes.Identify: {
          if (session) return close(Close.alreadyAuthenticated);
          const identify = payload.d as GatewayIdentifyData;
          this.identifies.push(identify);
          if (this.options.token !== undefined && identify?.token !== this.options.token) return close(Close.authenticationFailed);
          if ((identify?.intents & this.options.refusedIntents) !== 0) return close(Close.disallowedIntents);
          const shard = identify.shard ?? [0, 1];
          session = { id: this.world.ids.next(), intents: identify.intents, seq: 0, socket: ws, shard };
          this.#sessions.add(session);
          this.#send(session, GatewayDispatchEvents.Ready, readyPayload(this.world, session.id, this.#url, shard));
          // Each shard hears only of its own servers, as from Discord.
          for (const guildId of this.world.guildIds) {
            if (shardOf(guildId, shard[1]) === shard[0]) this.#send(session, GatewayDispatchEvents.GuildCreate, guildCreatePayload(this.world, guildId));
          }
          return;
        }
        case GatewayOpcodes.Resume:
          // Not resumable, as Discord answers for an expired session: the client identifies again.
          return this.#raw(ws, { op: GatewayOpcodes.InvalidSession, d: false });
        default:
          if (!session) return close(Close.notAuthenticated);
          this.problem(`gateway: the fake does not handle opcode ${String(payload.op)}`);
          return close(Close.unknownOpcode);
      }
    });
  }

  #send(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    this.#raw(session.socket, { op: GatewayOpcodes.Dispatch, t, s: session.seq, d });
  }

  #raw(ws: WebSocket, payload: object): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }
}
