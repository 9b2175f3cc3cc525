/** Answering a question, shared by `/ask`, mentions and direct messages. */
import type { Voice } from '../present/voice.js';
import type { AskOptions } from '../types.js';
import { rememberView, type BotContext } from './context.js';
import type { Reply } from './reply.js';
import { askView, renderView } from './views.js';

/** Pages of "more results" fetched with the first answer, so paging never queries again. */
export const PAGES_PER_QUESTION = 3;

export interface AskRequest {
  userId: string;
  question: string;
  voice: Voice;
  /** Passages per page. */
  perPage?: number;
  script?: AskOptions['script'];
}

export async function answerQuestion(ctx: BotContext, req: AskRequest): Promise<Reply> {
  const perPage = Math.min(10, Math.max(1, req.perPage ?? ctx.config.topK));
  // The fair limiter bounds embedding work across users; waiting here is fine, the reply is deferred.
  const answer = await ctx.queries.run(req.userId, () =>
    ctx.engine.ask(req.question, { top: perPage * PAGES_PER_QUESTION, script: req.script ?? 'auto' }),
  );
  // How the answer was found (e.g. keyword-only while the model is unavailable) is for the log and /stats, not the reply.
  for (const warning of answer.warnings) ctx.warnOnce(warning);
  const view = askView(req.userId, req.voice, req.question, answer, perPage);
  return renderView(view, rememberView(ctx, view), 0);
}
