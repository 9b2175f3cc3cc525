import { createInterface } from 'node:readline/promises';
import { isUserError } from '../errors.js';
import { articleHeading, dateText, outletText } from '../present/citation.js';
import { errorText } from '../present/errors.js';
import { formatDuration, formatNumber, t } from '../present/messages.js';
import { shownText } from '../present/text.js';
import type { Voice } from '../present/voice.js';
import { detectScript } from '../corpus/script.js';
import type { Engine } from '../search/engine.js';
import type { Logger } from '../util/log.js';
import { renderAnswer, renderDate, renderPerson, styleFor, terminalVoice } from './format.js';
import { createProgressReporter } from './progress.js';

function renderSources(engine: Engine, voice: Voice): string {
  const { lang } = voice;
  return engine
    .sources()
    .map((s) => {
      const outlet = outletText(s, voice);
      const date = s.date !== undefined ? dateText(s.date, voice) : shownText(s.dateText, voice.script);
      return `${articleHeading({ title: s.title }, voice)} — ${outlet} · ${date} · ${t(lang, 'count.paragraphs', { n: s.paragraphs })} · ${s.file}`;
    })
    .join('\n');
}

function renderStats(engine: Engine, voice: Voice): string {
  const { lang } = voice;
  const s = engine.stats();
  return t(lang, 'cli.stats', {
    documents: t(lang, 'sources.documents', { n: s.documents }),
    articles: t(lang, 'sources.articles', { n: s.articles }),
    paragraphs: t(lang, 'count.paragraphs', { n: s.paragraphs }),
    model: s.model ?? t(lang, 'stats.no_model'),
    mode: t(lang, `stats.mode.${s.mode}`),
    built: s.builtAt,
  }) + (s.updateFailed ? `\n${t(lang, 'cli.update_failed', { reason: s.updateFailed })}` : '');
}

/** What a chat remembers between lines: the language the reader last wrote in. */
export interface ChatSession {
  voice?: Voice;
}

/** One line of chat input → the text to show. Errors a user can fix come back as text. */
export async function handleChatLine(engine: Engine, line: string, tty: boolean, session: ChatSession = {}): Promise<string> {
  const style = styleFor(tty);
  const [cmd, ...rest] = line.trim().split(/\s+/);
  const arg = rest.join(' ');
  // Commands speak the language of what follows them; with nothing to go by (`/sources`, `/date 2024-02-19`),
  // the language the reader last wrote in, else the terminal's.
  const said = cmd?.startsWith('/') ? arg : line;
  // Chinese, pinyin or English words tell; digits and symbols (`2024-02-19`) do not.
  const tells = detectScript(said) !== 'other' || /\p{L}/u.test(said);
  const voice = tells || !session.voice ? terminalVoice(said) : session.voice;
  if (tells) session.voice = voice;
  try {
    switch (cmd) {
      case '/help':
        return t(voice.lang, 'cli.help');
      case '/date':
        return renderDate(engine.date(arg), style, voice);
      case '/person':
        return renderPerson(engine.person(arg, { top: 10 }), style, voice);
      case '/sources':
        return renderSources(engine, voice);
      case '/stats':
        return renderStats(engine, voice);
      case '/reindex': {
        const progress = createProgressReporter();
        try {
          const r = await engine.reindex({ onProgress: progress.onIndex });
          return t(voice.lang, 'cli.reindexed', {
            time: formatDuration(r.ms, voice.lang),
            documents: t(voice.lang, 'sources.documents', { n: r.documents }),
            paragraphs: t(voice.lang, 'count.paragraphs', { n: r.paragraphs }),
            embedded: formatNumber(r.embedded),
            reused: formatNumber(r.reused),
          });
        } finally {
          progress.stop();
        }
      }
      default:
        if (cmd?.startsWith('/')) return `${t(voice.lang, 'cli.unknown_command', { cmd })}\n${t(voice.lang, 'cli.help')}`;
        return renderAnswer(await engine.ask(line), style, { voice });
    }
  } catch (e) {
    if (isUserError(e)) return `⚠ ${errorText(e, voice, { at: (ms) => new Date(ms).toISOString(), who: (id) => id })}`;
    throw e;
  }
}

export async function runChat(engine: Engine, log: Logger): Promise<void> {
  const tty = Boolean(process.stdout.isTTY);
  for (const w of engine.warnings) log.warn(w);
  const s = engine.stats();
  const { lang } = terminalVoice('');
  process.stdout.write(
    `${t(lang, 'cli.welcome', { documents: t(lang, 'sources.documents', { n: s.documents }), paragraphs: t(lang, 'count.paragraphs', { n: s.paragraphs }), mode: t(lang, `stats.mode.${s.mode}`) })}\n`,
  );
  const session: ChatSession = {};
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
  rl.setPrompt('问> ');
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text) {
      try {
        process.stdout.write(`${await handleChatLine(engine, text, tty, session)}\n`);
      } catch (e) {
        log.error(`could not answer: ${(e as Error).message}`);
      }
    }
    rl.prompt();
  }
  rl.close();
  await engine.close();
}
