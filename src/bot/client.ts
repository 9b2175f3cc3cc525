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

export function createClient(config: Pick<Config, 'discordApiBase'>): Client {
  const api = normalizeApiBase(config.discordApiBase);
  return new Client({
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
