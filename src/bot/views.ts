/**
 * Result sets rendered as Discord messages, from what the presenter shows
 * (src/present): answers (one embed per article, its passages under it),
 * date and person look-ups (one field per article), and whole articles. Every
 * word comes from the message catalogue in the reply's language; every
 * renderer budgets its text so the message fits Discord's limits before
 * `shape` checks them again.
 */
import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { Script } from '../corpus/script.js';
import { articleHeading, citationLine, dateText, paragraphLabel, safeUrl } from '../present/citation.js';
import { CHINESE_LIST, t } from '../present/messages.js';
import { answers, groupByArticle, markedNote, orderByArticle, emptyNote, unansweredNote, type ArticleGroup, type PassageLike } from '../present/passages.js';
import { personCount } from '../present/person.js';
import { sentenceSpans, shownText } from '../present/text.js';
import type { Voice } from '../present/voice.js';
import type { Answer, AnswerPassage, ArticleView, DateHit, DateResult, PersonResult } from '../types.js';
import { encodeButton } from './custom-ids.js';
import { LIMITS } from './limits.js';
import { renderQuote } from './quote.js';
import { escape, type ActionRow, type Reply } from './reply.js';
import { truncateAtSentence } from './trim.js';

type PersonHit = PersonResult['hits'][number];

export type View =
  | { kind: 'ask'; ownerId: string; voice: Voice; question: string; answer: Answer; passages: AnswerPassage[]; perPage: number }
  | { kind: 'date'; ownerId: string; voice: Voice; result: DateResult; hits: DateHit[]; perPage: number }
  | { kind: 'person'; ownerId: string; voice: Voice; result: PersonResult; hits: PersonHit[]; perPage: number };

export const COLORS = { answer: 0x2f6fde, related: 0x6b7280, date: 0x0f9d58, person: 0xb45309, article: 0x6b7280, info: 0x5865f2 } as const;

/** A quote is trimmed to this even when more room is left: a quote, not a wall of text. */
const SOFT_QUOTE_LIMIT = 1200;
/** All quotes of one page together: a page of ten passages still reads on a phone. */
const PAGE_QUOTE_CHARS = 2400;
/** Characters of a title on a "full article" button. */
const BUTTON_TITLE_CHARS = 10;

// ---------------------------------------------------------------------------
// Building views

export function askView(ownerId: string, voice: Voice, question: string, answer: Answer, perPage: number): View {
  return { kind: 'ask', ownerId, voice, question, answer, passages: orderByArticle(answer.passages), perPage };
}

export function dateView(ownerId: string, voice: Voice, result: DateResult, perPage: number): View {
  return { kind: 'date', ownerId, voice, result, hits: orderByArticle(result.hits), perPage };
}

export function personView(ownerId: string, voice: Voice, result: PersonResult, perPage: number): View {
  return { kind: 'person', ownerId, voice, result, hits: orderByArticle(result.hits), perPage };
}

/** The same results in another reader's voice (someone else pressing "next page"): their language, the asker's script. */
export function withVoice(view: View, voice: Voice): View {
  return { ...view, voice };
}

// ---------------------------------------------------------------------------
// Shared pieces

function button(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId, label: label.slice(0, LIMITS.buttonLabel), style };
}

/** Action rows: each group starts a new row (article links apart from paging), five buttons a row, ids unique. */
function rows(...groups: APIButtonComponent[][]): ActionRow[] {
  const out: ActionRow[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    const unique = group.filter((b) => 'custom_id' in b && !seen.has(b.custom_id) && seen.add(b.custom_id));
    for (let i = 0; i < unique.length && out.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow) {
      out.push({ type: ComponentType.ActionRow, components: unique.slice(i, i + LIMITS.buttonsPerRow) });
    }
  }
  return out;
}

function pagerButtons(key: string, page: number, pages: number, voice: Voice): APIButtonComponent[] {
  const out: APIButtonComponent[] = [];
  if (page > 0) out.push(button(encodeButton({ action: 'more', key, page: page - 1 }), t(voice.lang, 'button.previous')));
  if (page + 1 < pages) out.push(button(encodeButton({ action: 'more', key, page: page + 1 }), t(voice.lang, 'button.next'), ButtonStyle.Primary));
  return out;
}

function shortTitle(heading: string): string {
  const chars = [...heading];
  return chars.length <= BUTTON_TITLE_CHARS ? heading : `${chars.slice(0, BUTTON_TITLE_CHARS - 1).join('').trimEnd()}…`;
}

/** One "full article" button per article shown, labelled with its short title. */
function articleButtons(groups: ReadonlyArray<ArticleGroup>, voice: Voice): APIButtonComponent[] {
  return groups.map((g) =>
    button(encodeButton({ action: 'article', file: g.file, paragraph: g.paragraph, script: voice.script }), t(voice.lang, 'button.article', { title: shortTitle(g.heading) })),
  );
}

function pageSlice<T>(items: readonly T[], page: number, perPage: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(p * perPage, (p + 1) * perPage), page: p, pages };
}

function pageCounter(slice: { page: number; pages: number }, voice: Voice): string {
  return t(voice.lang, 'page.counter', { page: slice.page + 1, pages: slice.pages });
}

export function renderView(view: View, key: string, page: number): Reply {
  switch (view.kind) {
    case 'ask':
      return renderAnswer(view, key, page);
    case 'date':
      return renderDate(view, key, page);
    case 'person':
      return renderPerson(view, key, page);
  }
}

/** The quotes of one article: each under its paragraph label when there are several; a lead line only where it changes. */
function groupQuotes(group: ArticleGroup, budget: number, lead?: (p: PassageLike) => string | undefined): string {
  const several = group.passages.length > 1;
  let lastLead: string | undefined;
  return group.passages
    .map((p) => {
      const thisLead = lead?.(p.source);
      const newLead = thisLead !== lastLead ? thisLead : undefined;
      lastLead = thisLead;
      const head = [several ? `-# ${p.label}` : '', newLead ?? ''].filter(Boolean).join('\n');
      const quote = renderQuote(p.text, p.ranges, Math.max(40, budget - head.length - 1)) || '\u200b';
      return head ? `${head}\n${quote}` : quote;
    })
    .join('\n');
}

// ---------------------------------------------------------------------------
// Answers

function renderAnswer(view: Extract<View, { kind: 'ask' }>, key: string, page: number): Reply {
  const { answer, voice } = view;
  const { lang } = voice;
  const slice = pageSlice(view.passages, page, view.perPage);
  const question = shownText(view.question.replace(/\s+/g, ' ').trim(), voice.script);
  const header = `🔎 **${escape(truncateAtSentence(question, 300))}**`;
  if (slice.items.length === 0) {
    const { note, hint } = emptyNote(answer, lang);
    return { content: [header, note, ...(hint ? [`-# ${hint}`] : [])].join('\n') };
  }

  const counter = `-# ${pageCounter(slice, voice)} · ${t(lang, 'ask.passages', { n: view.passages.length })}`;
  const lines = [header];
  const answered = answers(answer);
  if (answered) lines.push(`${counter} · ${markedNote(answer, lang)}`);
  else {
    const { note, hint } = unansweredNote(answer, lang);
    lines.push(note, ...(hint ? [`-# ${hint}`] : []), counter);
  }

  const groups = groupByArticle(slice.items, voice, answered);
  const heads = groups.map((g) => ({
    title: truncateAtSentence(escape(g.heading), LIMITS.embedTitle),
    footer: truncateAtSentence(g.citation, LIMITS.embedFooter),
  }));
  // Whatever titles and footers leave of the 6,000 is shared equally by the quotes.
  const fixed = heads.reduce((n, h) => n + h.title.length + h.footer.length, 0);
  const perQuote = Math.min(
    SOFT_QUOTE_LIMIT,
    Math.floor(PAGE_QUOTE_CHARS / slice.items.length),
    Math.floor((LIMITS.embedTotal - fixed - 16) / slice.items.length),
  );
  const embeds: APIEmbed[] = groups.map((g, i) => {
    const embed: APIEmbed = {
      color: answered ? COLORS.answer : COLORS.related,
      title: heads[i]?.title ?? '',
      description: truncateAtSentence(groupQuotes(g, perQuote), LIMITS.embedDescription),
      footer: { text: heads[i]?.footer ?? '' },
    };
    if (g.url) embed.url = g.url;
    return embed;
  });
  const components = rows(articleButtons(groups, voice), pagerButtons(key, slice.page, slice.pages, voice));
  return { content: lines.join('\n'), embeds, components };
}

// ---------------------------------------------------------------------------
// Date and person look-ups: one field per article

function articleFields(groups: ReadonlyArray<ArticleGroup>, headLength: number, lead: (p: PassageLike) => string | undefined): NonNullable<APIEmbed['fields']> {
  const names = groups.map((g) => truncateAtSentence(escape(g.heading), LIMITS.embedFieldName));
  const nameTotal = names.reduce((n, name) => n + name.length, 0);
  const budget = Math.floor((LIMITS.embedTotal - headLength - nameTotal - 32) / Math.max(1, groups.length));
  return groups.map((g, i) => {
    const cite = `-# ${escape(g.citation)}`;
    const room = Math.min(LIMITS.embedFieldValue, budget) - cite.length - 1;
    const perQuote = Math.floor(room / g.passages.length);
    return { name: names[i] ?? '\u200b', value: truncateAtSentence(`${groupQuotes(g, perQuote, lead)}\n${cite}`, LIMITS.embedFieldValue) };
  });
}

function renderDate(view: Extract<View, { kind: 'date' }>, key: string, page: number): Reply {
  const { result, voice } = view;
  const { lang } = voice;
  const slice = pageSlice(view.hits, page, view.perPage);
  const when = result.start ? dateText(result.start, voice, { end: result.end, anyYear: true }) : shownText(result.description || result.query, voice.script);
  const title = truncateAtSentence(`📅 ${escape(when)}`, LIMITS.embedTitle);
  if (slice.items.length === 0) return { embeds: [{ color: COLORS.date, title, description: t(lang, 'date.none') }] };
  const description = `${t(lang, 'date.count', { n: view.hits.length })} · ${pageCounter(slice, voice)}`;
  const groups = groupByArticle(slice.items, voice, false);
  const lead = (p: PassageLike): string => {
    const h = p as DateHit;
    // Published that day: the date is the citation's own. Mentioned: the date the text gives.
    if (h.via === 'published') return `-# 📰 ${t(lang, 'date.published')}`;
    const date = h.start ? dateText(h.start, voice, { end: h.end }) : shownText(h.date, voice.script);
    return `-# 🗓️ ${escape(date)} · ${t(lang, 'date.mentioned')}`;
  };
  const fields = articleFields(groups, title.length + description.length, lead);
  const components = rows(articleButtons(groups, voice), pagerButtons(key, slice.page, slice.pages, voice));
  return { embeds: [{ color: COLORS.date, title, description, fields }], components };
}

/** Names and roles in one script, the same one written twice only once. */
function distinctShown(items: readonly string[], script: Script | null): string[] {
  return [...new Set(items.map((x) => shownText(x, script)))];
}

function renderPerson(view: Extract<View, { kind: 'person' }>, key: string, page: number): Reply {
  const { result, voice } = view;
  const { lang } = voice;
  const slice = pageSlice(view.hits, page, view.perPage);
  const name = shownText(result.name, voice.script);
  const title = truncateAtSentence(`👤 ${escape(name)}`, LIMITS.embedTitle);
  const sep = CHINESE_LIST;
  const lines: string[] = [];
  const others = distinctShown(result.variants, voice.script).filter((v) => v !== name);
  if (others.length > 0) lines.push(t(lang, 'person.also', { names: escape(others.join(sep)) }));
  const roles = distinctShown(result.roles, voice.script);
  lines.push(roles.length > 0 ? t(lang, 'person.roles', { roles: escape(roles.join(sep)) }) : t(lang, 'person.no_roles'));
  if (slice.items.length === 0) lines.push(t(lang, 'person.none'));
  else lines.push(`${personCount(view.hits, lang, result.total)} · ${pageCounter(slice, voice)}`);
  const description = truncateAtSentence(lines.join('\n'), 1200);
  const groups = groupByArticle(slice.items, voice, false);
  const lead = (p: PassageLike): string | undefined => {
    const rolesHere = distinctShown((p as PersonHit).roles, voice.script);
    return rolesHere.length > 0 ? `-# ${escape(rolesHere.join(sep))}` : undefined;
  };
  const fields = articleFields(groups, title.length + description.length, lead);
  const components = rows(articleButtons(groups, voice), pagerButtons(key, slice.page, slice.pages, voice));
  return { embeds: [{ color: COLORS.person, title, description, fields }], components };
}

// ---------------------------------------------------------------------------
// Whole articles, paginated

/** Room for paragraphs per page: about two phone screens (Discord would allow 4,096). */
const ARTICLE_PAGE_CHARS = 1500;

/**
 * Splits the article into pages of whole paragraphs (a paragraph longer than
 * a page is split at sentences). Each paragraph is headed by the label its
 * citations give it (`第3段`, counted within the article; `图片说明`, `署名`), so
 * a cited paragraph is found without counting. The quoted paragraph is set off
 * as a block quote, not in bold: bold means "answers the question".
 */
export function articlePages(article: ArticleView, focus: number, voice: Voice): Array<{ text: string; paragraphs: number[] }> {
  const pieces: Array<{ text: string; paragraph: number }> = [];
  for (const p of article.paragraphs) {
    const quoted = p.paragraph === focus;
    const prefix = quoted ? '> ' : '';
    const label = `-# ${paragraphLabel([{ paragraph: p.paragraph, kinds: [p.kind ?? 'text'], numbers: p.number === null ? null : { first: p.number, last: p.number } }], voice)}\n`;
    const room = ARTICLE_PAGE_CHARS - prefix.length - label.length;
    const text = shownText(p.text, voice.script);
    // Sentences escaped one by one, so a long paragraph costs linear time to split; the label heads its first piece.
    let chunk = '';
    let head = label;
    const flush = (): void => {
      if (chunk.trim()) pieces.push({ text: `${prefix}${`${head}${chunk.trim()}`.replace(/\n/g, `\n${prefix}`)}`, paragraph: p.paragraph });
      chunk = '';
      head = '';
    };
    for (const [s, e] of sentenceSpans(text)) {
      const sentence = escape(text.slice(s, e));
      if (chunk && chunk.length + sentence.length > room) flush();
      chunk += sentence.length > room ? truncateAtSentence(sentence, room) : sentence;
    }
    flush();
  }
  const pages: Array<{ text: string; paragraphs: number[] }> = [];
  let current = { text: '', paragraphs: [] as number[] };
  for (const piece of pieces) {
    const joined = current.text ? `${current.text}\n\n${piece.text}` : piece.text;
    if (current.text && joined.length > ARTICLE_PAGE_CHARS) {
      pages.push(current);
      current = { text: piece.text, paragraphs: [piece.paragraph] };
    } else {
      current = { text: joined, paragraphs: [...current.paragraphs, piece.paragraph] };
    }
  }
  if (current.text || pages.length === 0) pages.push(current);
  return pages;
}

/** One page of an article; without `page`, the page holding the paragraph that was quoted. */
export function renderArticle(article: ArticleView, file: string, focus: number, voice: Voice, page?: number): Reply {
  const { lang } = voice;
  const pages = articlePages(article, focus, voice);
  let p = page ?? pages.findIndex((pg) => pg.paragraphs.includes(focus));
  p = Math.min(Math.max(0, p), pages.length - 1);
  const lead = article.paragraphs[0]?.text ?? '';
  const footer = `${citationLine(article.citation, [], voice, { reporters: true })} · ${t(lang, 'article.page', { page: p + 1, pages: pages.length })}`;
  const embed: APIEmbed = {
    color: COLORS.article,
    title: truncateAtSentence(escape(articleHeading({ title: article.title || article.citation.title, titleInferred: article.citation.titleInferred }, voice, lead)), LIMITS.embedTitle),
    description: pages[p]?.text || t(lang, 'article.empty'),
    footer: { text: truncateAtSentence(footer, LIMITS.embedFooter) },
  };
  const url = safeUrl(article.citation.url);
  if (url) embed.url = url;
  const buttons: APIButtonComponent[] = [];
  const at = (n: number) => encodeButton({ action: 'artpage', file, paragraph: focus, page: n, script: voice.script });
  if (p > 0) buttons.push(button(at(p - 1), t(lang, 'button.previous')));
  if (p + 1 < pages.length) buttons.push(button(at(p + 1), t(lang, 'button.next'), ButtonStyle.Primary));
  return { embeds: [embed], components: rows(buttons), ephemeral: true };
}
