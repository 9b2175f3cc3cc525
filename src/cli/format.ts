/**
 * The terminal's rendering of results, from what the presenter shows
 * (src/present): the same quotes, marks and citations as the Discord bot,
 * grouped by article, in the reader's language and one script.
 */
import { articleHeading, citationLine, dateText, paragraphLabel } from '../present/citation.js';
import { CHINESE_LIST, t } from '../present/messages.js';
import { answers, groupByArticle, orderByArticle, emptyNote, unansweredNote, type ArticleGroup, type PassageLike } from '../present/passages.js';
import { personCount } from '../present/person.js';
import { shownText, type Range } from '../present/text.js';
import { chooseVoice, langOfPosixLocale, type Voice } from '../present/voice.js';
import type { Answer, ArticleView, AskOptions, DateHit, DateResult, PersonResult } from '../types.js';

export interface Style {
  mark(s: string): string;
  dim(s: string): string;
}

/** Bold on a terminal; `**…**` in plain text so the marking survives a pipe. */
export function styleFor(tty: boolean): Style {
  return tty
    ? { mark: (s) => `\x1b[1;33m${s}\x1b[0m`, dim: (s) => `\x1b[2m${s}\x1b[0m` }
    : { mark: (s) => `**${s}**`, dim: (s) => s };
}

/** The terminal's voice: the script the user wrote in, else the language of `LANG`. */
export function terminalVoice(text: string, script?: AskOptions['script']): Voice {
  return chooseVoice({ text, script, fallback: langOfPosixLocale(process.env.LC_ALL || process.env.LANG) ?? 'en' });
}

function markRanges(text: string, ranges: readonly Range[], style: Style): string {
  let out = '';
  let at = 0;
  // Consecutive sentences are marked as one run.
  const merged: Range[] = [];
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && last[1] >= s) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  for (const [s, e] of merged) {
    out += text.slice(at, s) + style.mark(text.slice(s, e));
    at = e;
  }
  return out + text.slice(at);
}

/** Numbered passages under their article's heading, the citation after them. */
function renderGroups(groups: ReadonlyArray<ArticleGroup>, style: Style, lead?: (p: PassageLike) => string | undefined): string {
  let n = 0;
  return groups
    .map((g) => {
      const several = g.passages.length > 1;
      const lines = [`■ ${g.heading}`];
      for (const p of g.passages) {
        const head = [several ? `${p.label} · ` : '', lead?.(p.source) ?? ''].join('');
        lines.push(`[${++n}] ${head}${markRanges(p.text, p.ranges, style).replace(/\n/g, '\n    ')}`);
      }
      lines.push(style.dim(`    — ${g.citation}${g.url ? ` · ${g.url}` : ''}`));
      return lines.join('\n');
    })
    .join('\n\n');
}

export function renderAnswer(a: Answer, style: Style, options: { script?: AskOptions['script']; voice?: Voice } = {}): string {
  const voice = options.voice ?? terminalVoice(a.question, options.script);
  if (!a.passages.length) {
    const { note, hint } = emptyNote(a, voice.lang);
    return `${note}${hint ? `\n${style.dim(hint)}` : ''}`;
  }
  const answered = answers(a);
  const groups = groupByArticle(orderByArticle(a.passages), voice, answered);
  const body = renderGroups(groups, style);
  if (answered) return body;
  const { note, hint } = unansweredNote(a, voice.lang);
  return `${note}${hint ? `\n${style.dim(hint)}` : ''}${body ? `\n\n${body}` : ''}`;
}

export function renderDate(r: DateResult, style: Style, voice: Voice = terminalVoice(r.query)): string {
  const when = r.start ? dateText(r.start, voice, { end: r.end, anyYear: true }) : shownText(r.description, voice.script);
  if (!r.hits.length) return t(voice.lang, 'cli.heading', { head: when, text: t(voice.lang, 'date.none') });
  const lead = (p: PassageLike): string => {
    const h = p as DateHit;
    const date = h.start ? dateText(h.start, voice, { end: h.end }) : shownText(h.date, voice.script);
    return `${date} · ${t(voice.lang, h.via === 'published' ? 'date.published' : 'date.mentioned')}｜`;
  };
  return [t(voice.lang, 'cli.heading', { head: when, text: t(voice.lang, 'date.count', { n: r.hits.length }) }), renderGroups(groupByArticle(orderByArticle(r.hits), voice, false), style, lead)].join('\n\n');
}

export function renderPerson(r: PersonResult, style: Style, voice: Voice = terminalVoice(r.name)): string {
  const sep = CHINESE_LIST;
  const distinct = (xs: readonly string[]) => [...new Set(xs.map((x) => shownText(x, voice.script)))];
  const name = shownText(r.name, voice.script);
  const roles = distinct(r.roles);
  const head = [
    style.mark(name),
    roles.length ? t(voice.lang, 'person.roles', { roles: roles.join(sep) }) : t(voice.lang, 'person.no_roles'),
    r.hits.length ? personCount(r.hits, voice.lang, r.total) : t(voice.lang, 'person.none'),
  ].join(' · ');
  const lead = (p: PassageLike): string => {
    const here = distinct((p as PersonResult['hits'][number]).roles);
    return here.length ? `${here.join(sep)}｜` : '';
  };
  return [head, renderGroups(groupByArticle(orderByArticle(r.hits), voice, false), style, lead)].filter(Boolean).join('\n\n');
}

/**
 * A whole article as the Discord view shows it: each paragraph under the label
 * its citations give it (`第5段`, counted within the article; `图片说明`, `署名`),
 * the paragraph asked for (`focus`, the file's 0-based position) set off with `>`.
 */
export function renderArticle(view: ArticleView, focus: number, style: Style, voice: Voice): string {
  const lead = view.paragraphs[0]?.text ?? '';
  const heading = articleHeading({ title: view.title || view.citation.title, titleInferred: view.citation.titleInferred }, voice, lead);
  const body = view.paragraphs.map((p) => {
    const label = paragraphLabel([{ paragraph: p.paragraph, kinds: [p.kind ?? 'text'], numbers: p.number === null ? null : { first: p.number, last: p.number } }], voice);
    const text = shownText(p.text, voice.script);
    return p.paragraph === focus ? `> ${style.dim(label)}\n> ${text.replace(/\n/g, '\n> ')}` : `${style.dim(label)}\n${text}`;
  });
  return [`■ ${heading}`, style.dim(`    — ${citationLine(view.citation, [], voice, { reporters: true })}`), ...body].join('\n\n');
}
