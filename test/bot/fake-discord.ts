/**
 * A local Discord for tests: REST v10 over HTTP and the gateway over a
 * WebSocket, both on 127.0.0.1, speaking enough of the API for the real
 * discord.js client to log in (HELLO, IDENTIFY, READY, GUILD_CREATE,
 * heartbeats) and to receive interactions and messages. Every REST call the
 * bot makes is recorded; tests inject gateway events and await the calls
 * that follow.
 *
 * Sharding as Discord does it: each gateway connection identifies with
 * `[shard_id, shard_count]`, receives READY and GUILD_CREATE for its own
 * guilds only, and a guild's events go to shard `(guild_id >> 22) % shard_count`
 * (direct messages to shard 0).
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermissionFlagsBits } from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';

/** JSON as the bot sent it; tests read it structurally. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface RecordedCall {
  /** Position in the log, for "after this point" waits. */
  index: number;
  method: string;
  /** Path without the `/api/v10` prefix and without the query, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (or `payload_json` of a multipart body); null when empty. */
  body: Json;
  /** Whether an Authorization header came with it (its value is never kept). */
  authorized: boolean;
  status: number;
}

export interface GatewayFrame {
  op: number;
  d: Json;
  s?: number | null;
  t?: string | null;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name?: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

/** A sent interaction: its id and token find the calls that answer it. */
export interface InteractionRef {
  id: string;
  token: string;
  payload: Json;
}

export const PERMISSIONS = {
  /** Can manage the server: may /reindex. */
  admin: String(PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages),
  member: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages),
  bot: String(
    PermissionFlagsBits.ViewChannel |
      PermissionFlagsBits.SendMessages |
      PermissionFlagsBits.EmbedLinks |
      PermissionFlagsBits.ReadMessageHistory,
  ),
};

/** How long a wait for the bot's next call lasts by default (`waitFor`). */
const WAIT_MS = 15_000;
const DISCORD_EPOCH = 1420070400000n;

export interface FakeDiscordOptions {
  token?: string;
  /** Short so heartbeats happen during tests. */
  heartbeatIntervalMs?: number;
  /** Shard count `GET /gateway/bot` recommends (what `SHARDS=auto` uses); default 1. */
  shards?: number;
  /** Guilds the bot is in; guild i lies on shard i % shard count for any count up to 16. Default 1. */
  guilds?: number;
}

/** Divisible by every count from 1 to 16, so that guild i's shard is i % count. */
const GUILD_TIME_BASE = 720720n * 4096n;

export class FakeDiscord {
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  /** Frames the client sent over the gateway (IDENTIFY, heartbeats…). */
  readonly received: GatewayFrame[] = [];
  /** Frames sent to the client. */
  readonly sent: GatewayFrame[] = [];
  /** Query strings the client connected to the gateway with. */
  readonly connections: Array<Record<string, string>> = [];
  /** The `[shard_id, shard_count]` of each IDENTIFY, in order. */
  readonly identities: Array<[number, number]> = [];

  readonly botUser: FakeUser;
  readonly applicationId: string;
  readonly guildId: string;
  readonly channelId: string;
  /** Every guild and its text channel; the first ones are `guildId` and `channelId`. */
  readonly guildIds: string[];
  readonly channelIds: string[];
  readonly dmChannelId: string;
  readonly adminRoleId: string;

  /** Messages by id, and the `@original` message of each interaction token. */
  private readonly messages = new Map<string, Json>();
  private readonly originals = new Map<string, string>();
  private readonly commands = new Map<string, Json[]>();
  private readonly events = new EventEmitter();
  private readonly sockets = new Set<WebSocket>();
  /** Identified connections and the shard each runs, `[shard_id, shard_count]`. */
  private readonly identified = new Map<WebSocket, [number, number]>();
  private readonly recommendedShards: number;
  private seq = 0;
  private counter = 0n;
  private http!: Server;
  private wss!: WebSocketServer;
  private port = 0;
  private readonly heartbeatIntervalMs: number;

  private constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? 'fake.bot.token-0123456789abcdef';
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 500;
    this.recommendedShards = options.shards ?? 1;
    this.events.setMaxListeners(100);
    this.applicationId = this.snowflake();
    this.botUser = { id: this.applicationId, username: 'HunanNewsBot', discriminator: '0', avatar: null, bot: true, global_name: null };
    this.guildIds = Array.from({ length: options.guilds ?? 1 }, (_, i) => String(((GUILD_TIME_BASE + BigInt(i)) << 22n) + ++this.counter));
    this.channelIds = this.guildIds.map(() => this.snowflake());
    this.guildId = this.guildIds[0]!;
    this.channelId = this.channelIds[0]!;
    this.dmChannelId = this.snowflake();
    this.adminRoleId = this.snowflake();
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await fake.listen();
    return fake;
  }

  /** What `DISCORD_API_BASE` is set to: discord.js appends `/v10`. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  snowflake(): string {
    this.counter++;
    return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) + this.counter);
  }

  user(id: string, username = `user${id.slice(-4)}`): FakeUser {
    return { id, username, discriminator: '0', avatar: null, global_name: username };
  }

  // -------------------------------------------------------------------------
  // Lifecycle

  private async listen(): Promise<void> {
    this.http = createServer((req, res) => void this.handleHttp(req, res));
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on('connection', (socket, req) => this.handleSocket(socket, req));
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // -------------------------------------------------------------------------
  // Waiting for what the bot does

  /**
   * The first call (from `since` on) matching `match`, waiting for it when not there yet, up to WAIT_MS by default: a bound
   * on waiting, not a speed check (an ask after a failed re-index took over 5 s once, the suite running beside other work on 2 cores).
   */
  waitFor(match: (call: RecordedCall) => boolean, options: { since?: number; timeoutMs?: number } = {}): Promise<RecordedCall> {
    const since = options.since ?? 0;
    const found = this.calls.find((c) => c.index >= since && match(c));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (call: RecordedCall): void => {
        if (call.index < since || !match(call)) return;
        clearTimeout(timer);
        this.events.off('call', onCall);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.events.off('call', onCall);
        const recent = this.calls.slice(-8).map((c) => `${c.method} ${c.path}`).join('\n  ');
        reject(new Error(`FakeDiscord: no matching REST call within ${options.timeoutMs ?? WAIT_MS} ms. Last calls:\n  ${recent}`));
      }, options.timeoutMs ?? WAIT_MS);
      this.events.on('call', onCall);
    });
  }

  waitForGateway(match: (frame: GatewayFrame) => boolean, timeoutMs = WAIT_MS): Promise<GatewayFrame> {
    const found = this.received.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onFrame = (frame: GatewayFrame): void => {
        if (!match(frame)) return;
        clearTimeout(timer);
        this.events.off('frame', onFrame);
        resolve(frame);
      };
      const timer = setTimeout(() => {
        this.events.off('frame', onFrame);
        reject(new Error(`FakeDiscord: no matching gateway frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.events.on('frame', onFrame);
    });
  }

  /** Calls that answer one interaction (its callback and its webhook calls). */
  callsFor(ref: InteractionRef): RecordedCall[] {
    return this.calls.filter((c) => c.path.includes(`/${ref.token}`));
  }

  /** The interaction callback (`POST /interactions/:id/:token/callback`). */
  callback(ref: InteractionRef, timeoutMs?: number): Promise<RecordedCall> {
    return this.waitFor((c) => c.method === 'POST' && c.path === `/interactions/${ref.id}/${ref.token}/callback`, { timeoutMs });
  }

  /** The first edit of the interaction's original message (`PATCH …/messages/@original`) matching `match`. */
  edit(ref: InteractionRef, match: (body: Json) => boolean = () => true, timeoutMs?: number): Promise<RecordedCall> {
    return this.waitFor(
      (c) => c.method === 'PATCH' && c.path === `/webhooks/${this.applicationId}/${ref.token}/messages/@original` && match(c.body),
      { timeoutMs },
    );
  }

  followUp(ref: InteractionRef, timeoutMs?: number): Promise<RecordedCall> {
    return this.waitFor((c) => c.method === 'POST' && c.path === `/webhooks/${this.applicationId}/${ref.token}`, { timeoutMs });
  }

  /** The message an interaction's reply currently is (for pressing its buttons). */
  originalMessage(ref: InteractionRef): Json {
    const id = this.originals.get(ref.token);
    const message = id ? this.messages.get(id) : undefined;
    if (!message) throw new Error('FakeDiscord: this interaction has no reply yet');
    return message;
  }

  message(id: string): Json {
    return this.messages.get(id);
  }

  // -------------------------------------------------------------------------
  // Gateway events the tests inject

  /** The shard a guild's events go to, as Discord computes it. */
  shardOf(guildId: string | undefined, shardCount: number): number {
    return guildId ? Number((BigInt(guildId) >> 22n) % BigInt(shardCount)) : 0;
  }

  /** Sends an event to the connection of the shard its guild lies on (shard 0 without a guild). */
  dispatch(t: string, d: Json): void {
    for (const [socket, [shard, count]] of this.identified) {
      if (shard === this.shardOf(d?.guild_id, count)) this.send(socket, { op: 0, t, s: ++this.seq, d });
    }
  }

  private member(user: FakeUser, permissions: string, roles: string[]): Json {
    return {
      user,
      roles,
      permissions,
      nick: null,
      avatar: null,
      joined_at: new Date(0).toISOString(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
  }

  private interactionBase(type: number, where: InteractionWhere): Json {
    const user = where.user ?? this.user('400000000000000001');
    const guildId = this.guildIds[where.guild ?? 0]!;
    const channelId = this.channelIds[where.guild ?? 0]!;
    const base: Json = {
      id: this.snowflake(),
      application_id: this.applicationId,
      type,
      token: `itok-${this.snowflake()}`,
      version: 1,
      app_permissions: PERMISSIONS.bot,
      locale: where.locale ?? 'zh-CN',
      entitlements: [],
      attachment_size_limit: 8 * 1024 * 1024,
    };
    if (where.dm) {
      base.user = user;
      base.channel_id = this.dmChannelId;
      base.channel = { id: this.dmChannelId, type: 1, recipients: [user], flags: 0 };
      base.context = 1;
      base.authorizing_integration_owners = { '0': this.applicationId };
    } else {
      base.guild_id = guildId;
      base.guild_locale = 'zh-CN';
      base.guild = { id: guildId, locale: 'zh-CN', features: [] };
      base.channel_id = channelId;
      base.channel = { id: channelId, type: 0, guild_id: guildId, name: 'general', flags: 0, permissions: where.permissions ?? PERMISSIONS.member };
      base.member = this.member(user, where.permissions ?? PERMISSIONS.member, where.roles ?? []);
      base.context = 0;
      base.authorizing_integration_owners = { '0': guildId };
    }
    return base;
  }

  private commandId(name: string): string {
    const all = [...this.commands.values()].flat();
    return all.find((c) => c.name === name)?.id ?? this.snowflake();
  }

  private send_(payload: Json): InteractionRef {
    this.dispatch('INTERACTION_CREATE', payload);
    return { id: payload.id, token: payload.token, payload };
  }

  /** A slash command (type 2); option types follow the values (string 3, integer 4, boolean 5). */
  command(name: string, options: Record<string, string | number | boolean> = {}, where: InteractionWhere = {}): InteractionRef {
    const payload = this.interactionBase(2, where);
    payload.data = {
      id: this.commandId(name),
      name,
      type: 1,
      options: Object.entries(options).map(([key, value]) => ({
        name: key,
        type: typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : 4,
        value,
      })),
      ...(where.dm ? {} : { guild_id: payload.guild_id }),
    };
    return this.send_(payload);
  }

  /** Autocomplete (type 4) with `focused` on the option being typed. */
  autocomplete(name: string, focused: string, value: string, where: InteractionWhere = {}): InteractionRef {
    const payload = this.interactionBase(4, where);
    payload.data = {
      id: this.commandId(name),
      name,
      type: 1,
      options: [{ name: focused, type: 3, value, focused: true }],
    };
    return this.send_(payload);
  }

  /** A button press (type 3) on `message`. */
  button(customId: string, message: Json, where: InteractionWhere = {}): InteractionRef {
    const payload = this.interactionBase(3, where);
    payload.data = { custom_id: customId, component_type: 2 };
    payload.message = message;
    return this.send_(payload);
  }

  /** A user's message (MESSAGE_CREATE); `mention` prefixes the bot's mention as Discord writes it. */
  userMessage(content: string, where: InteractionWhere & { mention?: boolean } = {}): Json {
    const author = where.user ?? this.user('400000000000000001');
    const mention = where.mention ?? !where.dm;
    const message: Json = {
      id: this.snowflake(),
      channel_id: where.dm ? this.dmChannelId : this.channelIds[where.guild ?? 0]!,
      channel_type: where.dm ? 1 : 0,
      author,
      content: mention ? `<@${this.botUser.id}> ${content}` : content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: mention ? [this.botUser] : [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
    };
    if (!where.dm) {
      message.guild_id = this.guildIds[where.guild ?? 0]!;
      message.member = this.member(author, PERMISSIONS.member, where.roles ?? []);
      delete message.member.user;
    }
    this.dispatch('MESSAGE_CREATE', message);
    return message;
  }

  // -------------------------------------------------------------------------
  // Gateway

  private send(socket: WebSocket, frame: GatewayFrame): void {
    this.sent.push(frame);
    socket.send(JSON.stringify(frame));
  }

  private handleSocket(socket: WebSocket, req: IncomingMessage): void {
    this.sockets.add(socket);
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    this.connections.push(query);
    if (query.compress) {
      // We only speak plain JSON; discord.js asks for zlib-stream only when zlib-sync is installed.
      socket.close(4000, 'compression not supported by the fake gateway');
      return;
    }
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.identified.delete(socket);
    });
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as GatewayFrame;
      this.received.push(frame);
      this.events.emit('frame', frame);
      this.handleFrame(socket, frame);
    });
    this.send(socket, { op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null });
  }

  private handleFrame(socket: WebSocket, frame: GatewayFrame): void {
    switch (frame.op) {
      case 1: // Heartbeat → ACK
        this.send(socket, { op: 11, d: null });
        return;
      case 2: // Identify
        if (frame.d?.token !== this.token && frame.d?.token !== `Bot ${this.token}`) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        const [shard, count] = (frame.d?.shard as [number, number] | undefined) ?? [0, 1];
        this.identities.push([shard, count]);
        this.identified.set(socket, [shard, count]);
        const guilds = this.guildIds.filter((id) => this.shardOf(id, count) === shard);
        this.send(socket, {
          op: 0,
          t: 'READY',
          s: ++this.seq,
          d: {
            v: 10,
            user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 },
            guilds: guilds.map((id) => ({ id, unavailable: true })),
            session_id: `session-${this.snowflake()}`,
            resume_gateway_url: this.gatewayUrl,
            shard: [shard, count],
            application: { id: this.applicationId, flags: 0 },
            private_channels: [],
            relationships: [],
            user_settings: {},
            presences: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
          },
        });
        for (const id of guilds) this.send(socket, { op: 0, t: 'GUILD_CREATE', s: ++this.seq, d: this.guildPayload(id) });
        return;
      case 6: // Resume (the fake keeps no sessions: resumed as shard 0 of 1)
        this.identified.set(socket, [0, 1]);
        this.send(socket, { op: 0, t: 'RESUMED', s: ++this.seq, d: {} });
        return;
      default:
        return;
    }
  }

  private guildPayload(guildId: string): Json {
    const bot = this.member(this.botUser, PERMISSIONS.bot, []);
    const channelId = this.channelIds[this.guildIds.indexOf(guildId)]!;
    return {
      id: guildId,
      name: '湖南新闻测试服务器',
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: '400000000000000999',
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        { id: guildId, name: '@everyone', color: 0, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: PERMISSIONS.member, managed: false, mentionable: false, flags: 0 },
        { id: this.adminRoleId, name: 'Editors', color: 0, hoist: false, icon: null, unicode_emoji: null, position: 1, permissions: PERMISSIONS.admin, managed: false, mentionable: true, flags: 0 },
      ],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'zh-CN',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      joined_at: new Date(0).toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [bot],
      channels: [{ id: channelId, type: 0, guild_id: guildId, name: 'general', position: 0, permission_overwrites: [], nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0, parent_id: null, flags: 0 }],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // -------------------------------------------------------------------------
  // REST

  private async readBody(req: IncomingMessage): Promise<Json> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (!raw) return null;
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const m = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw);
      return m?.[1] ? JSON.parse(m[1]) : null;
    }
    return JSON.parse(raw);
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    let body: Json = null;
    try {
      body = await this.readBody(req);
    } catch {
      body = { unparseable: true };
    }
    const call: RecordedCall = {
      index: this.calls.length,
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      authorized: typeof req.headers.authorization === 'string',
      status: 0,
    };
    const [status, payload] = this.route(call, req.headers.authorization);
    call.status = status;
    // Recorded before answering, so a test waiting for this call sees it no later than the bot.
    this.calls.push(call);
    this.events.emit('call', call);
    if (status === 204) {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  }

  private route(call: RecordedCall, authorization: string | undefined): [number, Json] {
    const { method, path, body } = call;
    const authed = authorization === `Bot ${this.token}`;
    let m: RegExpExecArray | null;

    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      return this.interactionCallback(m[2] ?? '', body, call.query.with_response === 'true');
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/.exec(path))) {
      const token = m[2] ?? '';
      const id = m[3] === '@original' ? this.originals.get(token) : m[3];
      const message = id ? this.messages.get(id) : undefined;
      if (!message) return [404, { message: 'Unknown Message', code: 10008 }];
      if (method === 'GET') return [200, message];
      if (method === 'PATCH') return [200, this.patchMessage(message, body)];
      if (method === 'DELETE') {
        this.messages.delete(message.id);
        if (m[3] === '@original') this.originals.delete(token);
        return [204, null];
      }
    }
    if (method === 'POST' && (m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      const message = this.createMessage(body, { channelId: this.channelId, webhook: true });
      return [200, message];
    }

    // Everything else needs the bot token.
    if (!authed) return [401, { message: '401: Unauthorized', code: 0 }];

    if (method === 'GET' && path === '/gateway/bot') {
      return [200, { url: this.gatewayUrl, shards: this.recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 16 } }];
    }
    if (method === 'GET' && path === '/gateway') return [200, { url: this.gatewayUrl }];
    if (method === 'GET' && path === '/users/@me') return [200, this.botUser];
    if (method === 'GET' && path === '/applications/@me') {
      return [200, { id: this.applicationId, name: 'HunanNewsBot', icon: null, description: '', bot_public: true, bot_require_code_grant: false, verify_key: 'x', flags: 0 }];
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      const scope = m[2] ?? 'global';
      if (method === 'PUT') {
        const registered = (body as Json[]).map((c) => ({
          ...c,
          id: this.snowflake(),
          application_id: this.applicationId,
          version: this.snowflake(),
          ...(m?.[2] ? { guild_id: m[2] } : {}),
          default_member_permissions: c.default_member_permissions ?? null,
          type: c.type ?? 1,
        }));
        this.commands.set(scope, registered);
        return [200, registered];
      }
      if (method === 'GET') return [200, this.commands.get(scope) ?? []];
    }
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/typing$/.exec(path))) return [204, null];
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      return [200, this.createMessage(body, { channelId: m[1] ?? this.channelId })];
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const message = this.messages.get(m[2] ?? '');
      if (!message) return [404, { message: 'Unknown Message', code: 10008 }];
      if (method === 'PATCH') return [200, this.patchMessage(message, body)];
      if (method === 'GET') return [200, message];
    }
    return [404, { message: `Unknown route ${method} ${path}`, code: 0 }];
  }

  private createMessage(body: Json, where: { channelId: string; webhook?: boolean; flags?: number }): Json {
    const data = body ?? {};
    const message: Json = {
      id: this.snowflake(),
      channel_id: where.channelId,
      author: this.botUser,
      content: data.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: data.embeds ?? [],
      components: data.components ?? [],
      pinned: false,
      type: data.message_reference ? 19 : 0,
      flags: where.flags ?? data.flags ?? 0,
      ...(where.webhook ? { webhook_id: this.applicationId, application_id: this.applicationId } : {}),
      ...(where.channelId === this.channelId ? { guild_id: this.guildId } : {}),
      ...(data.message_reference ? { message_reference: data.message_reference } : {}),
    };
    this.messages.set(message.id, message);
    return message;
  }

  private patchMessage(message: Json, body: Json): Json {
    for (const key of ['content', 'embeds', 'components', 'flags'] as const) {
      if (body && key in body && body[key] !== undefined) message[key] = body[key];
    }
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  /** Types: 4 message, 5 deferred message, 6 deferred update, 7 update, 8 autocomplete result. */
  private interactionCallback(token: string, body: Json, withResponse: boolean): [number, Json] {
    const type = body?.type as number;
    const data = body?.data ?? {};
    let message: Json = null;
    if (type === 4 || type === 5) {
      message = this.createMessage(type === 5 ? { content: '' } : data, { channelId: this.channelId, webhook: true, flags: (data.flags ?? 0) | (type === 5 ? 128 : 0) });
      this.originals.set(token, message.id);
    } else if (type === 7) {
      const id = this.originals.get(token) ?? this.findComponentMessage(token);
      if (id && this.messages.get(id)) message = this.patchMessage(this.messages.get(id), data);
    }
    if (!withResponse) return [204, null];
    return [200, { interaction: { id: '0', type, response_message_loading: type === 5, response_message_ephemeral: ((data.flags ?? 0) & 64) === 64 }, ...(message ? { resource: { type, message } } : {}) }];
  }

  /** For an update (type 7), the message the pressed button sits on. */
  private findComponentMessage(token: string): string | undefined {
    const frame = [...this.sent].reverse().find((f) => f.t === 'INTERACTION_CREATE' && f.d?.token === token);
    const id = frame?.d?.message?.id as string | undefined;
    if (id) this.originals.set(token, id);
    return id;
  }
}

export interface InteractionWhere {
  user?: FakeUser;
  /** A direct message with the bot instead of the guild channel. */
  dm?: boolean;
  /** Member permissions bitfield (guild only). */
  permissions?: string;
  /** Which of the fake's guilds (index into `guildIds`); default 0. */
  guild?: number;
  roles?: string[];
  /** The member's Discord language (interactions only); zh-CN unless set. */
  locale?: string;
}
