/**
 * Runs the bot on an open engine: logs in, registers the commands, answers,
 * and stops cleanly. Signals are the caller's (src/main.ts calls `stop()`);
 * the engine is the caller's to close after `stop()` resolves.
 */
import { once } from 'node:events';
import { Events, type Client } from 'discord.js';
import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import type { QaEngine } from '../types.js';
import { registerSecret, type Logger } from '../util/log.js';
import { createClient } from './client.js';
import { createContext, type BotContext, type BotOptions } from './context.js';
import { Dispatcher } from './dispatcher.js';
import { followIndex } from './follow-index.js';
import { registerCommands, type Registration } from './register.js';
import { errorFields } from './reply.js';

export interface BotHandle {
  client: Client<true>;
  context: BotContext;
  registration: Registration | null;
  /**
   * Stops taking work, abandons a running re-index (the engine only switches
   * in a complete index, so nothing half-written is ever served), waits for
   * in-flight answers up to the grace period, and disconnects. Idempotent.
   */
  stop(): Promise<void>;
}

export interface RunOptions extends BotOptions {
  /** How often to check whether another process wrote a newer index generation. */
  indexPollMs?: number;
}

export async function runBot(config: Config, engine: QaEngine, log: Logger, options: RunOptions = {}): Promise<BotHandle> {
  const token = config.discordToken;
  if (!token) throw new UserError('config.discord_token', 'Set DISCORD_TOKEN to run the Discord bot.');
  registerSecret(token);

  const ctx = createContext(config, engine, log, options);
  const client = createClient(config);
  const dispatcher = new Dispatcher(ctx, () => client.user?.id ?? null);

  client.on(Events.InteractionCreate, (interaction) => void dispatcher.onInteraction(interaction));
  client.on(Events.MessageCreate, (message) => void dispatcher.onMessage(message));
  client.on(Events.Error, (error) => log.error('discord client error', { error: errorFields(error) }));
  client.on(Events.Warn, (message) => log.warn('discord client warning', { message }));
  // discord.js reports its own shutdown as a disconnect/reconnect: only worth a line while running.
  client.on(Events.ShardDisconnect, (event, shard) => ctx.stopping || log.warn('gateway disconnected', { code: event.code, shard }));
  client.on(Events.ShardReconnecting, (shard) => ctx.stopping || log.info('gateway reconnecting', { shard }));
  client.on(Events.Debug, (message) => log.debug('discord.js', { message }));

  const ready = once(client, Events.ClientReady);
  // `once` also rejects on an 'error' event; unobserved after a failed login, that would crash the process.
  ready.catch(() => undefined);
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    // discord.js says "An invalid token was provided." without echoing the token; keep it that way.
    throw new UserError('discord.login', `Could not log in to Discord: ${(error as Error).message}`);
  }
  if (!client.isReady()) throw new UserError('discord.login', 'Discord connection closed before the bot was ready.');

  let registration: Registration | null = null;
  try {
    registration = await registerCommands(client.rest, client.application.id, config.discordGuildId, log);
  } catch (error) {
    // Commands registered earlier keep working; mentions and DMs need no registration.
    log.error('could not register commands', { error: errorFields(error) });
  }
  const shards = client.ws.shards.map((shard) => shard.id);
  log.info('bot ready', { user: client.user.tag, id: client.user.id, guilds: client.guilds.cache.size, shards, shardCount: client.options.shardCount });
  const stopFollowing = followIndex(engine, log, options.indexPollMs);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      ctx.stopping = true;
      stopFollowing();
      const run = ctx.reindexRun;
      if (run) {
        log.info('abandoning the running re-index');
        run.controller.abort();
      }
      const pending = [...dispatcher.inFlight, ...(run ? [run.done] : [])];
      const grace = new Promise<'timeout'>((resolve) => setTimeout(resolve, ctx.options.shutdownGraceMs, 'timeout').unref());
      if ((await Promise.race([Promise.allSettled(pending), grace])) === 'timeout') {
        log.warn('stopping with work still in flight', { inFlight: dispatcher.inFlight.size });
      }
      await client.destroy();
      log.info('bot stopped');
    })();
    return stopping;
  };

  return { client, context: ctx, registration, stop };
}
