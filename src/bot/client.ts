/** The discord.js client: only unprivileged intents, no pings by default, optional custom REST base. */
import { Client, GatewayIntentBits, Partials } from 'discord.js';
import type { Config } from '../config.js';

/**
 * discord.js appends `/v10` to the REST base itself, so `DISCORD_API_BASE`
 * is the part before it (`https://discord.com/api` by default); a trailing
 * slash or `/v10` is tolerated.
 */
export function normalizeApiBase(raw: string | null | undefined): string | undefined {
  const base = raw?.trim().replace(/\/+$/, '').replace(/\/v\d+$/, '');
  return base || undefined;
}

/** discord.js's shard options: every gateway shard of this process shares its one engine and index. */
function shardOptions(config: Partial<Pick<Config, 'shards' | 'shardIds'>>): { shards?: 'auto' | number[]; shardCount?: number } {
  const { shards, shardIds } = config;
  if (shards === 'auto') return { shards: 'auto' };
  if (typeof shards !== 'number') return {};
  return { shards: shardIds ?? Array.from({ length: shards }, (_, i) => i), shardCount: shards };
}

export function createClient(config: Pick<Config, 'discordApiBase'> & Partial<Pick<Config, 'shards' | 'shardIds'>>): Client {
  const api = normalizeApiBase(config.discordApiBase);
  return new Client({
    ...shardOptions(config),
    // No privileged intent: without Message Content, Discord still sends the text
    // of messages that mention the bot and of direct messages, which is all we read.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // DM channels are not cached up front; without this partial their messages are dropped.
    partials: [Partials.Channel],
    // Belt and braces: every payload sets this too (reply.ts).
    allowedMentions: { parse: [] },
    // The gateway address then comes from `GET /gateway/bot` on the same server.
    rest: api ? { api } : {},
  });
}
