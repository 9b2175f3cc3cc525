/** Starts the real bot (real discord.js client) against the fake Discord, with a fake or real engine. */
import { readConfig, type Config } from '../../src/config.js';
import { runBot, type BotHandle, type RunOptions } from '../../src/bot/run.js';
import type { QaEngine } from '../../src/types.js';
import { createLogger } from '../../src/util/log.js';
import { FakeDiscord, type FakeDiscordOptions, type Json, type RecordedCall } from './fake-discord.js';
import { FakeEngine } from './fake-engine.js';

export interface Harness<E extends QaEngine = FakeEngine> {
  fake: FakeDiscord;
  bot: BotHandle;
  engine: E;
  config: Config;
  logs: string[];
  stop(): Promise<void>;
}

export async function startHarness<E extends QaEngine = FakeEngine>(
  options: { engine?: E; config?: Partial<Config>; bot?: RunOptions; heartbeatIntervalMs?: number; fake?: FakeDiscordOptions } = {},
): Promise<Harness<E>> {
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: options.heartbeatIntervalMs, ...options.fake });
  const engine = (options.engine ?? new FakeEngine()) as E;
  const config: Config = {
    ...readConfig({}, process.cwd()),
    discordToken: fake.token,
    discordApiBase: fake.apiBase,
    discordGuildId: fake.guildId,
    rateLimitCount: 50,
    rateLimitWindowMs: 60_000,
    maxConcurrentQueries: 2,
    ...options.config,
  };
  const logs: string[] = [];
  const log = createLogger('debug', (line) => logs.push(line));
  const bot = await runBot(config, engine, log, { progressIntervalMs: 30, shutdownGraceMs: 2000, ...options.bot }).catch(async (error: unknown) => {
    await fake.close();
    throw error;
  });
  return {
    fake,
    bot,
    engine,
    config,
    logs,
    async stop() {
      await bot.stop();
      await fake.close();
    },
  };
}

/** The message data an interaction call carries: a callback's `data`, or a webhook/channel body. */
export function messageData(call: RecordedCall): Json {
  return call.path.endsWith('/callback') ? call.body?.data : call.body;
}

/** Calls that create or edit a visible message (not deferrals, autocomplete results or deletions). */
export function messageCalls(calls: readonly RecordedCall[]): RecordedCall[] {
  return calls.filter((c) => {
    if (c.path.endsWith('/callback')) return c.body?.type === 4 || c.body?.type === 7;
    if (c.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(c.path)) return true;
    if (c.method === 'PATCH' && c.path.includes('/messages/')) return true;
    return c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path);
  });
}

export const EPHEMERAL = 64;
