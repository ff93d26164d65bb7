import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  type GatewayIdentifyData,
  type GatewayRequestGuildMembersData,
  type GatewayResumeData,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { guildCreatePayload, readyPayload } from './payloads.ts';
import type { FakeWorld } from './world.ts';

/** Settings of the fake gateway. */
export interface FakeGatewayOptions {
  /** Sent in HELLO; discord.js heartbeats at this pace (first beat after a random share of it). */
  heartbeatIntervalMs: number;
  /** Intent bits the "developer portal" has not enabled: asking for them closes with 4014. */
  refusedIntents: number;
  /** When set, IDENTIFY/RESUME with another token closes with 4004. */
  token?: string;
}

/** A dispatch as sent on the wire. */
export interface DispatchFrame {
  op: GatewayOpcodes.Dispatch;
  t: string;
  s: number;
  d: unknown;
}

/** A gateway connection the bot opened, for tests that check reconnects. */
export interface GatewayConnection {
  /** Path and query the client connected with, e.g. `/gateway?v=10&encoding=json`. */
  url: string;
  /** The close code, once either side closed it (the fake's own code when it closed first). */
  closeCode?: number;
  /** How the client authenticated on it. */
  auth?: 'identify' | 'resume';
}

interface Session {
  id: string;
  intents: number;
  seq: number;
  socket: WebSocket | null;
  /** Dispatches kept for RESUME replay. */
  sent: DispatchFrame[];
}

/** Close codes and reasons as Discord sends them. */
const Close = {
  unknownError: [4000, 'Unknown error.'],
  unknownOpcode: [4001, 'Unknown opcode.'],
  decodeError: [4002, 'Error while decoding payload.'],
  notAuthenticated: [4003, 'Not authenticated.'],
  authenticationFailed: [4004, 'Authentication failed.'],
  alreadyAuthenticated: [4005, 'Already authenticated.'],
  invalidSeq: [4007, 'Invalid seq.'],
  invalidApiVersion: [4012, 'Invalid API version.'],
  invalidIntents: [4013, 'Invalid intent(s).'],
  disallowedIntents: [4014, 'Disallowed intent(s).'],
} as const satisfies Record<string, CloseFrame>;

type CloseFrame = readonly [code: number, reason: string];

function isClose(value: unknown): value is CloseFrame {
  return Array.isArray(value);
}

const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((all, bit) => all | bit, 0);

/** How many dispatches a session keeps for RESUME. */
const REPLAY_LIMIT = 1000;

/** Builds a dispatch's data per session (intents differ), or null to skip that session. */
export type DispatchBuilder = (intents: number) => unknown;

/**
 * The WebSocket gateway: HELLO, heartbeat ACKs, IDENTIFY -> READY +
 * GUILD_CREATE, RESUME with replay of missed dispatches, sequence numbers,
 * and Discord's close codes for bad sessions (4004, 4013, 4014, ...).
 * Speaks `encoding=json` without compression, which is what discord.js uses
 * when `zlib-sync` is not installed.
 */
export class FakeGateway {
  readonly identifies: GatewayIdentifyData[] = [];
  readonly presenceUpdates: unknown[] = [];
  readonly connections: GatewayConnection[] = [];
  readonly dispatched: (DispatchFrame & { sessionId: string })[] = [];
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly #world: FakeWorld;
  readonly #options: FakeGatewayOptions;
  readonly #problem: (message: string) => void;
  #baseUrl = '';

  constructor(world: FakeWorld, options: FakeGatewayOptions, problem: (message: string) => void) {
    this.#world = world;
    this.#options = options;
    this.#problem = problem;
  }

  /** The URL `GET /gateway/bot` hands out. */
  get url(): string {
    return `${this.#baseUrl}/gateway`;
  }

  /** Sets `ws://127.0.0.1:PORT` once the server listens. */
  setBaseUrl(baseUrl: string): void {
    this.#baseUrl = baseUrl;
  }

  /** Whether a client has identified (and its session was not ended). */
  get hasSession(): boolean {
    return this.#sessions.size > 0;
  }

  /** Takes over an HTTP upgrade request. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, request.url ?? '/'));
  }

  /**
   * Sends a dispatch to every session, buffering it for sessions whose socket
   * is down (they get it on RESUME). Returns how many sessions it went to.
   */
  dispatch(t: string, build: DispatchBuilder): number {
    let count = 0;
    for (const session of this.#sessions.values()) {
      const d = build(session.intents);
      if (d === null) continue;
      this.#send(session, t, d);
      count += 1;
    }
    return count;
  }

  /** Closes every open connection with `code` (4000 makes discord.js resume). */
  disconnect(code = 4000, reason = 'Disconnected by FakeDiscord'): void {
    for (const session of this.#sessions.values()) session.socket?.close(code, reason);
  }

  /** Terminates every socket and stops accepting new ones. */
  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#sessions.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(ws: WebSocket, url: string): void {
    const connection: GatewayConnection = { url };
    this.connections.push(connection);
    const query = new URL(url, 'ws://localhost').searchParams;
    let session: Session | null = null;
    const close = ([code, reason]: CloseFrame) => {
      connection.closeCode = code;
      ws.close(code, reason);
    };
    ws.on('close', (code) => {
      connection.closeCode ??= code;
      if (session?.socket === ws) {
        session.socket = null;
        // A client closing normally ends its session, as on Discord; other codes keep it resumable.
        if (code === 1000 || code === 1001) this.#sessions.delete(session.id);
      }
    });
    if (query.get('v') !== '10') {
      this.#problem(`gateway: client connected with v=${query.get('v')}; only v=10 is served`);
      return close(Close.invalidApiVersion);
    }
    if ((query.get('encoding') ?? 'json') !== 'json' || query.has('compress')) {
      this.#problem(`gateway: unsupported ${url}; the fake speaks encoding=json without compress`);
      return close(Close.decodeError);
    }
    this.#raw(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.#options.heartbeatIntervalMs } });
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
          const result = this.#identify(ws, payload.d as GatewayIdentifyData);
          if (isClose(result)) return close(result);
          session = result;
          connection.auth = 'identify';
          return;
        }
        case GatewayOpcodes.Resume: {
          if (session) return close(Close.alreadyAuthenticated);
          const result = this.#resume(ws, payload.d as GatewayResumeData);
          if (isClose(result)) return close(result);
          session = result;
          if (session) connection.auth = 'resume';
          return;
        }
        case GatewayOpcodes.PresenceUpdate:
          if (!session) return close(Close.notAuthenticated);
          this.presenceUpdates.push(payload.d);
          return;
        case GatewayOpcodes.RequestGuildMembers:
          if (!session) return close(Close.notAuthenticated);
          return this.#sendMembers(session, payload.d as GatewayRequestGuildMembersData);
        case GatewayOpcodes.VoiceStateUpdate:
          return;
        default:
          this.#problem(`gateway: the fake does not handle opcode ${String(payload.op)}`);
          return close(Close.unknownOpcode);
      }
    });
  }

  #identify(ws: WebSocket, data: GatewayIdentifyData): Session | CloseFrame {
    this.identifies.push(data);
    const { token } = this.#options;
    if (token !== undefined && data?.token !== token) return Close.authenticationFailed;
    if (typeof data?.intents !== 'number' || (data.intents & ~KNOWN_INTENTS) !== 0) return Close.invalidIntents;
    if ((data.intents & this.#options.refusedIntents) !== 0) return Close.disallowedIntents;
    const session: Session = { id: this.#world.ids.next(), intents: data.intents, seq: 0, socket: ws, sent: [] };
    this.#sessions.set(session.id, session);
    this.#send(session, GatewayDispatchEvents.Ready, readyPayload(this.#world, session.id, `${this.#baseUrl}/resume`));
    this.#send(session, GatewayDispatchEvents.GuildCreate, guildCreatePayload(this.#world));
    return session;
  }

  #resume(ws: WebSocket, data: GatewayResumeData): Session | null | CloseFrame {
    const { token } = this.#options;
    if (token !== undefined && data?.token !== token) return Close.authenticationFailed;
    const session = this.#sessions.get(data?.session_id);
    if (!session) {
      // Invalid session, not resumable: discord.js then identifies afresh.
      this.#raw(ws, { op: GatewayOpcodes.InvalidSession, d: false });
      return null;
    }
    if (data.seq > session.seq) return Close.invalidSeq;
    if (session.socket && session.socket !== ws) session.socket.terminate();
    session.socket = ws;
    for (const frame of session.sent) if (frame.s > data.seq) this.#raw(ws, frame);
    this.#send(session, GatewayDispatchEvents.Resumed, {});
    return session;
  }

  #sendMembers(session: Session, data: GatewayRequestGuildMembersData): void {
    const wanted = 'user_ids' in data && data.user_ids ? [data.user_ids].flat() : null;
    const ids = [...this.#world.members.keys()].filter((id) => !wanted || wanted.includes(id));
    this.#send(session, GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: this.#world.guildId,
      members: ids.map((id) => this.#world.memberPayload(id)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: wanted ? wanted.filter((id) => !ids.includes(id)) : [],
      ...(data.nonce ? { nonce: data.nonce } : {}),
    });
  }

  #send(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const frame: DispatchFrame = { op: GatewayOpcodes.Dispatch, t, s: session.seq, d };
    session.sent.push(frame);
    if (session.sent.length > REPLAY_LIMIT) session.sent.shift();
    this.dispatched.push({ ...frame, sessionId: session.id });
    if (session.socket) this.#raw(session.socket, frame);
  }

  #raw(ws: WebSocket, payload: object): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }
}
