import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { ask } from './ask.js';
import { date } from './date.js';
import { help } from './help.js';
import { person } from './person.js';
import { reindex } from './reindex.js';
import { sources } from './sources.js';
import { stats } from './stats.js';
import type { BotCommand } from './types.js';

export type { BotCommand } from './types.js';

export const COMMANDS: readonly BotCommand[] = [ask, date, person, sources, stats, help, reindex];

export const commandsByName: ReadonlyMap<string, BotCommand> = new Map(COMMANDS.map((c) => [c.data.name, c]));

/** The JSON Discord receives at registration. */
export function commandData(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return COMMANDS.map((c) => c.data);
}
