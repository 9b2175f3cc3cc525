import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type Message,
} from 'discord.js';
import { UserError, isUserError } from '../../errors.js';
import { localizations, t } from '../../present/messages.js';
import type { BotContext } from '../context.js';
import { discordTimestamp } from '../format.js';
import { ReindexTracker, ThrottledEditor } from '../progress.js';
import { errorFields, respond, shapeMessage, userErrorText } from '../reply.js';
import { interactionVoice } from '../voice.js';
import type { BotCommand } from './types.js';

/** Interaction tokens die after 15 minutes; past this the progress moves to a channel message. */
const TOKEN_SAFE_MS = 14 * 60_000;

function memberRoleIds(interaction: ChatInputCommandInteraction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

/**
 * Discord hides the command from members without Manage Server, but that
 * default can be changed by server admins: the permission and the optional
 * allow-lists are checked again here.
 */
export function checkReindexAllowed(ctx: BotContext, interaction: ChatInputCommandInteraction): void {
  if (!interaction.inGuild()) {
    throw new UserError('reindex.guild_only', 'Run /reindex in a server where you have the Manage Server permission.');
  }
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError('reindex.forbidden', 'Only members with the Manage Server permission can re-index the corpus.');
  }
  const { adminUserIds, adminRoleIds } = ctx.config;
  if (adminUserIds.length === 0 && adminRoleIds.length === 0) return;
  const allowed =
    adminUserIds.includes(interaction.user.id) || memberRoleIds(interaction).some((r) => adminRoleIds.includes(r));
  if (!allowed) {
    throw new UserError('reindex.forbidden', 'Re-indexing is limited to the admins this bot was configured with.', { reason: 'not_listed' });
  }
}

function busyError(ctx: BotContext): UserError {
  const run = ctx.reindexRun;
  const who = run ? ` (asked by <@${run.userId}> ${discordTimestamp(run.startedAt)})` : '';
  return new UserError('reindex.busy', `A re-index is already running${who}. Its message shows the progress; try again when it is done.`, {
    ...(run ? { userId: run.userId, startedAt: run.startedAt } : {}),
  });
}

export const reindex: BotCommand = {
  data: new SlashCommandBuilder()
    .setName('reindex')
    .setDescription(t('en', 'cmd.reindex'))
    .setDescriptionLocalizations(localizations('cmd.reindex'))
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addStringOption((o) =>
      o
        .setName('mode')
        .setNameLocalizations(localizations('option.mode'))
        .setDescription(t('en', 'cmd.reindex.mode'))
        .setDescriptionLocalizations(localizations('cmd.reindex.mode'))
        .addChoices(
          { name: t('en', 'choice.mode.incremental'), name_localizations: localizations('choice.mode.incremental'), value: 'incremental' },
          { name: t('en', 'choice.mode.full'), name_localizations: localizations('choice.mode.full'), value: 'full' },
        ),
    )
    .toJSON(),
  cost: 0,
  defer: false, // The first progress message is the acknowledgement.
  async execute(ctx, interaction) {
    const who = { user: interaction.user.id, username: interaction.user.tag, guild: interaction.guildId };
    try {
      checkReindexAllowed(ctx, interaction);
    } catch (error) {
      ctx.log.warn('reindex denied', { ...who, id: isUserError(error) ? error.id : 'internal' });
      throw error;
    }
    if (ctx.reindexRun || ctx.engine.reindexing) throw busyError(ctx);

    const full = interaction.options.getString('mode') === 'full';
    ctx.log.info('reindex requested', { ...who, full });
    const voice = interactionVoice(interaction);
    const { lang } = voice;
    const tracker = new ReindexTracker(full, interaction.user.id, ctx.now, lang);
    const controller = new AbortController();
    let finished!: () => void;
    ctx.reindexRun = {
      userId: interaction.user.id,
      startedAt: ctx.now(),
      full,
      controller,
      done: new Promise<void>((resolve) => (finished = resolve)),
    };

    const startedAt = ctx.now();
    let channelMessage: Message | null = null;
    const edit = async (text: string): Promise<void> => {
      if (!channelMessage && ctx.now() - startedAt > TOKEN_SAFE_MS && interaction.channel?.isSendable()) {
        channelMessage = await interaction.channel.send(shapeMessage({ content: text }));
        return;
      }
      if (channelMessage) await channelMessage.edit(shapeMessage({ content: text }));
      else await respond(interaction, { content: text });
    };
    const editor = new ThrottledEditor(edit, ctx.options.progressIntervalMs, ctx.now, ctx.log);

    try {
      await respond(interaction, { content: tracker.text() });
      const result = await ctx.engine.reindex({
        full,
        signal: controller.signal,
        onProgress: (e) => {
          tracker.apply(e);
          editor.update(tracker.text());
        },
      });
      ctx.log.info('reindex done', { ...who, full, ...result, removedFiles: result.removedFiles.length, warnings: result.warnings.length });
      await editor.finish(tracker.doneText(result, ctx.engine.stats().model === null));
    } catch (error) {
      if (controller.signal.aborted) {
        ctx.log.warn('reindex abandoned at shutdown', who);
        await editor.finish(tracker.abandonedText());
      } else if (isUserError(error) && error.id === 'reindex.busy') {
        await editor.finish(t(lang, 'reindex.outside'));
      } else {
        ctx.log.error('reindex failed', { ...who, full, error: errorFields(error) });
        // The reason as the engine gives it: the admin reading it is the one who can fix it.
        const message = isUserError(error) ? userErrorText(error, voice) : error instanceof Error ? error.message : String(error);
        await editor.finish(tracker.failedText(message));
      }
    } finally {
      ctx.reindexRun = null;
      finished();
    }
  },
};
