/**
 * Result sets rendered as Discord messages: answers (one embed per quoted
 * passage), date and person look-ups (one field per passage), and whole
 * articles. Every renderer budgets its text so the message fits Discord's
 * limits before `shape` checks them again.
 */
import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { Answer, ArticleView, Citation, DateResult, PersonResult } from '../types.js';
import { encodeButton } from './custom-ids.js';
import { LIMITS } from './limits.js';
import { passageQuote, renderQuote } from './quote.js';
import { escape, type ActionRow, type Reply } from './reply.js';
import { sentenceSpans, truncateAtSentence } from './sentences.js';

export type View =
  | { kind: 'ask'; ownerId: string; question: string; answer: Answer; perPage: number }
  | { kind: 'date'; ownerId: string; result: DateResult; perPage: number }
  | { kind: 'person'; ownerId: string; result: PersonResult; perPage: number };

export const COLORS = { answer: 0x2f6fde, date: 0x0f9d58, person: 0xb45309, article: 0x6b7280, info: 0x5865f2 } as const;

/** Passages are trimmed to this even when more room is left: a quote, not a wall of text. */
const SOFT_QUOTE_LIMIT = 1500;

// ---------------------------------------------------------------------------
// Shared pieces

/** `湖南日报 · 2024年2月19日 · 记者 刘燕娟 · 001.txt ¶3`; unknown parts in the corpus's own words (来源不详, 日期不详). Footers are plain text: no escaping. */
export function citationLine(c: Citation, paragraph?: number): string {
  const parts = [c.source ?? '来源不详', c.dateText];
  if (c.reporters.length > 0) parts.push(`记者 ${c.reporters.join('、')}`);
  parts.push(paragraph === undefined ? c.file : `${c.file} ¶${paragraph + 1}`);
  return parts.join(' · ');
}

/** Embed urls must be http(s) or Discord rejects the whole message. */
export function safeUrl(url: string | null): string | undefined {
  return url && /^https?:\/\/[^\s<>]+$/i.test(url) && url.length <= 2048 ? url : undefined;
}

function button(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId, label: label.slice(0, LIMITS.buttonLabel), style };
}

/** Action rows: each group starts a new row (paging apart from article links), five buttons a row, ids unique. */
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

function pagerButtons(key: string, page: number, pages: number): APIButtonComponent[] {
  const out: APIButtonComponent[] = [];
  if (page > 0) out.push(button(encodeButton({ action: 'more', key, page: page - 1 }), '◀ Previous'));
  if (page + 1 < pages) out.push(button(encodeButton({ action: 'more', key, page: page + 1 }), 'More results ▶', ButtonStyle.Primary));
  return out;
}

function articleButtons(items: Array<{ file: string; paragraph: number; n: number }>): APIButtonComponent[] {
  return items.map(({ file, paragraph, n }) =>
    button(encodeButton({ action: 'article', file, paragraph }), `📄 Full article ${n}`),
  );
}

function pageSlice<T>(items: readonly T[], page: number, perPage: number): { items: T[]; from: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(p * perPage, (p + 1) * perPage), from: p * perPage, pages };
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

// ---------------------------------------------------------------------------
// Answers

function renderAnswer(view: Extract<View, { kind: 'ask' }>, key: string, page: number): Reply {
  const { answer } = view;
  const { items, from, pages } = pageSlice(answer.passages, page, view.perPage);
  const header = `🔎 **${escape(truncateAtSentence(view.question.replace(/\s+/g, ' ').trim(), 300))}**`;
  const warnings = answer.warnings.map((w) => `-# ⚠️ ${escape(w)}`);
  if (items.length === 0) {
    return {
      content: [header, 'No passage in the corpus answers this. Try other words, or `/date` and `/person`.', ...warnings].join('\n'),
    };
  }
  const range = `${from + 1}–${from + items.length} of ${answer.passages.length}`;
  const content = [header, `-# Passages ${range} · answering sentences in **bold**`, ...warnings].join('\n');

  const heads = items.map((p, i) => ({
    title: truncateAtSentence(`${from + i + 1}. ${escape(p.display?.title ?? p.citation.title)}`, LIMITS.embedTitle),
    footer: truncateAtSentence(citationLine(p.citation, p.paragraph), LIMITS.embedFooter),
  }));
  // Whatever titles and footers leave of the 6,000 is shared equally by the quotes.
  const fixed = heads.reduce((n, h) => n + h.title.length + h.footer.length, 0);
  const budget = Math.min(SOFT_QUOTE_LIMIT, LIMITS.embedDescription, Math.floor((LIMITS.embedTotal - fixed - 16) / items.length));

  const embeds: APIEmbed[] = items.map((p, i) => {
    const quote = passageQuote(p);
    const embed: APIEmbed = {
      color: COLORS.answer,
      title: heads[i]?.title ?? '',
      description: renderQuote(quote.text, quote.ranges, budget) || '\u200b',
      footer: { text: heads[i]?.footer ?? '' },
    };
    const url = safeUrl(p.citation.url);
    if (url) embed.url = url;
    return embed;
  });
  const components = rows(
    pagerButtons(key, Math.floor(from / view.perPage), pages),
    articleButtons(items.map((p, i) => ({ file: p.file, paragraph: p.paragraph, n: from + i + 1 }))),
  );
  return { content, embeds, components };
}

// ---------------------------------------------------------------------------
// Date and person look-ups: one field per passage

interface FieldHit {
  file: string;
  paragraph: number;
  name: string;
  /** Escaped lines shown above the quote. */
  lead?: string;
  text: string;
  citation: Citation;
}

/** Fields for hits; what the embed's head leaves of the 6,000 is shared equally by the values. */
function hitFields(hits: readonly FieldHit[], headLength: number): NonNullable<APIEmbed['fields']> {
  const names = hits.map((h) => truncateAtSentence(h.name, LIMITS.embedFieldName));
  const nameTotal = names.reduce((n, name) => n + name.length, 0);
  const budget = Math.floor((LIMITS.embedTotal - headLength - nameTotal - 32) / Math.max(1, hits.length));
  return hits.map((h, i) => {
    const cite = `-# ${escape(citationLine(h.citation, h.paragraph))}`;
    const lead = h.lead ? `${h.lead}\n` : '';
    const room = Math.min(LIMITS.embedFieldValue, budget) - cite.length - lead.length - 1;
    const quote = renderQuote(h.text, [], Math.max(40, room));
    return { name: names[i] ?? '\u200b', value: `${lead}${quote}\n${cite}` };
  });
}

function renderDate(view: Extract<View, { kind: 'date' }>, key: string, page: number): Reply {
  const { result } = view;
  const { items, from, pages } = pageSlice(result.hits, page, view.perPage);
  const title = truncateAtSentence(`📅 ${escape(result.description || result.query)}`, LIMITS.embedTitle);
  if (items.length === 0) {
    return { embeds: [{ color: COLORS.date, title, description: 'The corpus says nothing about this date.' }] };
  }
  const description = `${result.hits.length} passage${result.hits.length === 1 ? '' : 's'} published on or mentioning this date · showing ${from + 1}–${from + items.length}`;
  const fields = hitFields(
    items.map((h) => ({
      ...h,
      name: `${h.via === 'published' ? '📰' : '🗓️'} ${h.date}${h.yearUnknown ? ' (year unknown)' : ''} · ${escape(h.citation.title)}`,
      lead: h.via === 'published' ? '*published that day*' : undefined,
    })),
    title.length + description.length,
  );
  const components = rows(
    pagerButtons(key, Math.floor(from / view.perPage), pages),
    articleButtons(items.map((h, i) => ({ file: h.file, paragraph: h.paragraph, n: from + i + 1 }))),
  );
  return { embeds: [{ color: COLORS.date, title, description, fields }], components };
}

function renderPerson(view: Extract<View, { kind: 'person' }>, key: string, page: number): Reply {
  const { result } = view;
  const { items, from, pages } = pageSlice(result.hits, page, view.perPage);
  const title = truncateAtSentence(`👤 ${escape(result.name)}`, LIMITS.embedTitle);
  const lines: string[] = [];
  const others = result.variants.filter((v) => v !== result.name);
  if (others.length > 0) lines.push(`**Also written:** ${escape(others.join('、'))}`);
  lines.push(`**Roles:** ${result.roles.length > 0 ? escape(result.roles.join('、')) : 'none given in the corpus'}`);
  lines.push(
    items.length > 0
      ? `${result.hits.length} passage${result.hits.length === 1 ? '' : 's'} · showing ${from + 1}–${from + items.length}`
      : 'No passage mentions this person.',
  );
  const description = truncateAtSentence(lines.join('\n'), 1200);
  const fields = hitFields(
    items.map((h) => ({
      ...h,
      name: `${h.date} · ${escape(h.citation.title)}`,
      lead: h.roles.length > 0 ? `*${escape(h.roles.join('、'))}*` : undefined,
    })),
    title.length + description.length,
  );
  const components = rows(
    pagerButtons(key, Math.floor(from / view.perPage), pages),
    articleButtons(items.map((h, i) => ({ file: h.file, paragraph: h.paragraph, n: from + i + 1 }))),
  );
  return { embeds: [{ color: COLORS.person, title, description, fields }], components };
}

// ---------------------------------------------------------------------------
// Whole articles, paginated

/** Room for paragraphs per page; title and footer fit in what is left of 6,000. */
const ARTICLE_PAGE_CHARS = 3800;

/** Splits the article into pages of whole paragraphs (a paragraph longer than a page is split at sentences). */
export function articlePages(article: ArticleView, focus: number): Array<{ text: string; paragraphs: number[] }> {
  const pieces: Array<{ text: string; paragraph: number }> = [];
  for (const p of article.paragraphs) {
    const [open, close] = p.paragraph === focus ? ['➤ **', '**'] : ['', ''];
    const room = ARTICLE_PAGE_CHARS - open.length - close.length;
    // Sentences escaped one by one, so a long paragraph costs linear time to split.
    let chunk = '';
    const flush = (): void => {
      if (chunk.trim()) pieces.push({ text: `${open}${chunk.trim()}${close}`, paragraph: p.paragraph });
      chunk = '';
    };
    for (const [s, e] of sentenceSpans(p.text)) {
      const sentence = escape(p.text.slice(s, e));
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
export function renderArticle(article: ArticleView, file: string, focus: number, page?: number): Reply {
  const pages = articlePages(article, focus);
  let p = page ?? pages.findIndex((pg) => pg.paragraphs.includes(focus));
  p = Math.min(Math.max(0, p), pages.length - 1);
  const embed: APIEmbed = {
    color: COLORS.article,
    title: truncateAtSentence(escape(article.title || article.citation.title), LIMITS.embedTitle),
    description: pages[p]?.text || '*(empty article)*',
    footer: { text: truncateAtSentence(`${citationLine(article.citation)} · page ${p + 1}/${pages.length}`, LIMITS.embedFooter) },
  };
  const url = safeUrl(article.citation.url);
  if (url) embed.url = url;
  const buttons: APIButtonComponent[] = [];
  if (p > 0) buttons.push(button(encodeButton({ action: 'artpage', file, paragraph: focus, page: p - 1 }), '◀ Previous page'));
  if (p + 1 < pages.length) buttons.push(button(encodeButton({ action: 'artpage', file, paragraph: focus, page: p + 1 }), 'Next page ▶'));
  return { embeds: [embed], components: rows(buttons), ephemeral: true };
}
