import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from '../context.js';

/** A slash command: its options as data, its guards, and its handler. */
export interface BotCommand {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Rate-limit units a run costs the user (0: not rate limited). */
  cost: number;
  /** Acknowledge before running: the work may outlast Discord's 3-second deadline. */
  defer: boolean;
  execute(ctx: BotContext, interaction: ChatInputCommandInteraction): Promise<void>;
  autocomplete?(ctx: BotContext, interaction: AutocompleteInteraction): Promise<void>;
}
