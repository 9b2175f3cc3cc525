/** Button handlers: result pages and whole articles. State comes from the custom id (see custom-ids.ts). */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { UserError } from '../errors.js';
import type { BotContext } from './context.js';
import { decodeButton, resolveFileToken } from './custom-ids.js';
import { respond, update } from './reply.js';
import { interactionVoice } from './voice.js';
import { renderArticle, renderView, withVoice } from './views.js';

export async function handleButton(ctx: BotContext, interaction: ButtonInteraction): Promise<void> {
  const action = decodeButton(interaction.customId);
  if (!action) throw new UserError('button.unknown', 'This button belongs to an older version of the bot. Ask again to get fresh results.');
  switch (action.action) {
    case 'more': {
      const view = ctx.views.get(action.key);
      if (!view) {
        throw new UserError('page.expired', 'These results have expired. Ask again to get fresh ones.', { key: action.key });
      }
      // Whoever presses reads their own language; the quotes keep the script of the answer.
      const voice = interactionVoice(interaction, { script: view.voice.script ?? 'original' });
      const reply = renderView(withVoice(view, voice), action.key, action.page);
      // The asker pages the shared message, anyone else gets a private copy (then pages that copy in place)
      // rather than moving the message under the asker's eyes.
      const ownCopy = interaction.message.flags.has(MessageFlags.Ephemeral);
      if (interaction.user.id === view.ownerId || ownCopy) await update(interaction, reply);
      else await respond(interaction, { ...reply, ephemeral: true });
      return;
    }
    case 'article':
    case 'artpage': {
      const file = resolveFileToken(ctx.engine, action.file);
      const voice = interactionVoice(interaction, { script: action.script ?? 'original' });
      const article = ctx.engine.article(file, action.paragraph);
      if (action.action === 'article') await respond(interaction, renderArticle(article, file, action.paragraph, voice));
      else await update(interaction, renderArticle(article, file, action.paragraph, voice, action.page));
      return;
    }
  }
}
