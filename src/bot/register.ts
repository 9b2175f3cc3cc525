/** Slash command registration: to one guild (instant) when configured, otherwise global (may take up to an hour to show). */
import { REST, Routes, type APIApplication } from 'discord.js';
import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import type { Logger } from '../util/log.js';
import { normalizeApiBase } from './client.js';
import { commandData } from './commands/index.js';

export interface Registration {
  scope: 'guild' | 'global';
  guildId: string | null;
  applicationId: string;
  commands: string[];
}

export async function registerCommands(rest: REST, applicationId: string, guildId: string | null, log: Logger): Promise<Registration> {
  const body = commandData();
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  // PUT replaces the whole set: commands removed from the code disappear from Discord too.
  await rest.put(route, { body });
  const result: Registration = {
    scope: guildId ? 'guild' : 'global',
    guildId,
    applicationId,
    commands: body.map((c) => c.name),
  };
  log.info('commands registered', { ...result });
  return result;
}

/** For `npm run register`: a REST client from the settings, the application id asked from Discord when not configured. */
export async function registerFromConfig(config: Config, log: Logger): Promise<Registration> {
  if (!config.discordToken) {
    throw new UserError('config.discord_token', 'Set DISCORD_TOKEN (the bot token from the Developer Portal) to register commands.');
  }
  const api = normalizeApiBase(config.discordApiBase);
  const rest = new REST(api ? { api } : {}).setToken(config.discordToken);
  const applicationId = config.discordApplicationId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  return registerCommands(rest, applicationId, config.discordGuildId, log);
}
