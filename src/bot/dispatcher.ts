/**
 * Routes gateway events to handlers. Every run goes through one wrapper that
 * applies the stop/rate-limit guards, times it, logs it (command, user, ms,
 * outcome; never a token) and sends any error from one place.
 */
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Interaction,
  Message,
} from 'discord.js';
import { UserError } from '../errors.js';
import { answerQuestion } from './answer.js';
import { handleButton } from './buttons.js';
import { commandsByName } from './commands/index.js';
import { helpHint } from './commands/help.js';
import type { BotContext } from './context.js';
import { formatDuration } from '../present/messages.js';
import { chooseVoice, langOfLocale } from '../present/voice.js';
import { interactionVoice } from './voice.js';
import { decodeButton } from './custom-ids.js';
import { defer, describeError, errorFields, replyToMessage, respondError } from './reply.js';

function stoppingError(): UserError {
  return new UserError('bot.stopping', 'I am restarting. Please ask again in a minute.');
}

/** Takes `cost` from the user's allowance or throws `rate.limited` saying when to come back. */
export function checkRateLimit(ctx: BotContext, userId: string, cost: number): void {
  const decision = ctx.rateLimiter.take(userId, cost);
  if (decision.ok) return;
  const retryMs = Math.ceil(decision.retryAfterMs / 1000) * 1000;
  throw new UserError(
    'rate.limited',
    `${ctx.config.rateLimitCount} questions every ${formatDuration(ctx.config.rateLimitWindowMs, 'en')}; next in ${formatDuration(retryMs, 'en')}.`,
    { retryAfterMs: decision.retryAfterMs, count: ctx.config.rateLimitCount, windowMs: ctx.config.rateLimitWindowMs, retryAt: ctx.now() + retryMs },
  );
}

/** `<@id>` and `<@!id>` of the bot, removed wherever they appear. */
export function stripBotMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

export class Dispatcher {
  /** Runs in progress, so shutdown can wait for them. */
  readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly ctx: BotContext,
    private readonly botUserId: () => string | null,
  ) {}

  onInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) return this.track(this.runCommand(interaction));
    if (interaction.isAutocomplete()) return this.track(this.runAutocomplete(interaction));
    if (interaction.isButton()) return this.track(this.runButton(interaction));
    return Promise.resolve();
  }

  onMessage(message: Message): Promise<void> {
    return this.track(this.runMessage(message));
  }

  private track(run: Promise<void>): Promise<void> {
    const tracked = run.catch((error: unknown) => this.ctx.log.error('unhandled handler failure', { error: errorFields(error) }));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return tracked;
  }

  /** Times a run and logs its outcome: `ok`, or the error id the user was shown. */
  private async timed(name: string, userId: string, run: () => Promise<string>): Promise<void> {
    const started = performance.now();
    const outcome = await run();
    this.ctx.log.info('handled', { name, user: userId, ms: Math.round(performance.now() - started), outcome });
  }

  private async runCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const { ctx } = this;
    const name = `/${interaction.commandName}`;
    await this.timed(name, interaction.user.id, async () => {
      try {
        const command = commandsByName.get(interaction.commandName);
        if (!command) throw new UserError('command.unknown', 'I do not know this command any more. Try /help.');
        if (ctx.stopping) throw stoppingError();
        checkRateLimit(ctx, interaction.user.id, command.cost);
        if (command.defer) await defer(interaction);
        await command.execute(ctx, interaction);
        return 'ok';
      } catch (error) {
        return (await respondError(interaction, error, ctx.log, { name, user: interaction.user.id }, interactionVoice(interaction))).id;
      }
    });
  }

  private async runAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = commandsByName.get(interaction.commandName);
    try {
      if (!command?.autocomplete || this.ctx.stopping) await interaction.respond([]);
      else await command.autocomplete(this.ctx, interaction);
    } catch (error) {
      this.ctx.log.warn('autocomplete failed', { name: interaction.commandName, user: interaction.user.id, error: errorFields(error) });
      // An empty list beats Discord's "loading options failed".
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  }

  private async runButton(interaction: ButtonInteraction): Promise<void> {
    const name = `button:${decodeButton(interaction.customId)?.action ?? 'unknown'}`;
    await this.timed(name, interaction.user.id, async () => {
      try {
        if (this.ctx.stopping) throw stoppingError();
        await handleButton(this.ctx, interaction);
        return 'ok';
      } catch (error) {
        return (await respondError(interaction, error, this.ctx.log, { name, user: interaction.user.id }, interactionVoice(interaction))).id;
      }
    });
  }

  /** Mentions in servers and any message in a DM are questions. Other bots are ignored. */
  private async runMessage(message: Message): Promise<void> {
    const { ctx } = this;
    const botId = this.botUserId();
    if (!botId || message.author.bot || message.system || message.webhookId) return;
    const inDm = !message.inGuild();
    if (!inDm && !message.mentions.users.has(botId)) return;
    const question = stripBotMention(message.content, botId);
    // No locale comes with a message: the question's script decides, else the server's language, else English.
    const voice = chooseVoice({ text: question, fallback: langOfLocale(message.guild?.preferredLocale) });
    await this.timed(inDm ? 'dm' : 'mention', message.author.id, async () => {
      try {
        if (ctx.stopping) throw stoppingError();
        if (!question) {
          await replyToMessage(message, helpHint(voice, message.client.user?.username ?? 'bot'));
          return 'help';
        }
        checkRateLimit(ctx, message.author.id, 1);
        if ('sendTyping' in message.channel) void message.channel.sendTyping().catch(() => undefined);
        await replyToMessage(message, await answerQuestion(ctx, { userId: message.author.id, question, voice }));
        return 'ok';
      } catch (error) {
        const info = describeError(error, voice);
        if (info.id === 'internal') ctx.log.error('message handler failed', { user: message.author.id, ref: info.ref, error: errorFields(error) });
        await replyToMessage(message, info.reply).catch((e: unknown) => ctx.log.warn('could not deliver an error reply', { error: errorFields(e) }));
        return info.id;
      }
    });
  }
}
