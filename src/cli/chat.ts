import { createInterface } from 'node:readline/promises';
import { isUserError } from '../errors.js';
import type { Engine } from '../search/engine.js';
import type { Logger } from '../util/log.js';
import { renderAnswer, renderDate, renderPerson, styleFor } from './format.js';
import { createProgressReporter } from './progress.js';

const HELP = `Ask a question in Chinese (简体 or 繁體) or English, or use:
  /date EXPR      passages of a date or range (2024-02-19, 2月19日, 十月二十七日, 2024年2月)
  /person NAME    roles and passages of a person (毛伟明, 沈曉明)
  /sources        the documents in the index
  /stats          index figures
  /reindex        re-read the corpus folder (incremental)
  /help, /quit`;

/** One line of chat input → the text to show. Errors a user can fix come back as text. */
export async function handleChatLine(engine: Engine, line: string, tty: boolean): Promise<string> {
  const style = styleFor(tty);
  const [cmd, ...rest] = line.trim().split(/\s+/);
  const arg = rest.join(' ');
  try {
    switch (cmd) {
      case '/help':
        return HELP;
      case '/date':
        return renderDate(engine.date(arg), style);
      case '/person':
        return renderPerson(engine.person(arg, { top: 10 }), style);
      case '/sources':
        return engine
          .sources()
          .map((s) => `${s.file}: 《${s.title}》 ${s.dateText} ${s.source ?? '来源不详'} (${s.paragraphs} ¶)`)
          .join('\n');
      case '/stats': {
        const s = engine.stats();
        return `${s.documents} documents, ${s.articles} articles, ${s.paragraphs} paragraphs; model ${s.model ?? 'none'}; mode ${s.mode}; built ${s.builtAt}${s.updateFailed ? `; serving the previous index: ${s.updateFailed}` : ''}`;
      }
      case '/reindex': {
        const progress = createProgressReporter();
        try {
          const r = await engine.reindex({ onProgress: progress.onIndex });
          return `re-indexed: ${r.documents} documents, ${r.paragraphs} paragraphs (${r.embedded} embedded, ${r.reused} reused) in ${(r.ms / 1000).toFixed(1)} s`;
        } finally {
          progress.stop();
        }
      }
      default:
        if (cmd?.startsWith('/')) return `Unknown command ${cmd}.\n${HELP}`;
        return renderAnswer(await engine.ask(line), style);
    }
  } catch (e) {
    if (isUserError(e)) return `⚠ ${e.message}`;
    throw e;
  }
}

export async function runChat(engine: Engine, log: Logger): Promise<void> {
  const tty = Boolean(process.stdout.isTTY);
  for (const w of engine.warnings) log.warn(w);
  const s = engine.stats();
  process.stdout.write(`Hunan news Q&A — ${s.documents} documents, ${s.paragraphs} paragraphs, ${s.mode} search. /help for commands, /quit to leave.\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
  rl.setPrompt('问> ');
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text) {
      try {
        process.stdout.write(`${await handleChatLine(engine, text, tty)}\n`);
      } catch (e) {
        log.error(`could not answer: ${(e as Error).message}`);
      }
    }
    rl.prompt();
  }
  rl.close();
  await engine.close();
}
