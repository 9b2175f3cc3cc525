/**
 * From a file's text to its articles: split at `#`/`##` headings, find each
 * article's title, publish date, outlet, reporters and photo credits, and keep
 * the paragraphs worth quoting.
 *
 * Every non-empty line is a paragraph until shown otherwise: furniture, a
 * label or a repeated title is nothing; a by-line and a caption that carries
 * facts are paragraphs of their kind (and metadata); a paragraph a page break
 * cut in two is rejoined.
 */
import { extractDateMentions, findPublishDate } from './dates.js';
import { recoverOutlet } from './outlets.js';
import type { FrontMatter } from './frontmatter.js';
import type { ArticleMeta, ParagraphKind, PublishDate } from './types.js';
import {
  cleanLine,
  endsWithLeadIn,
  isFurniture,
  isIndented,
  isLabelLike,
  isRelatedMarker,
  isStampLine,
  joinBrokenParagraphs,
} from './clean.js';
import { inlineBylines, outletPrefix, parseByline, parsePhotoCredit } from './people.js';

/** A paragraph before it is numbered and annotated with dates and people. */
export interface DraftParagraph {
  text: string;
  kind: ParagraphKind;
  /** For a by-line: the names it credits and their role as written (`全媒体记者`, `文`, `摄影`). */
  credits?: Array<{ name: string; role: string }>;
}

/** An article before its paragraphs are numbered and annotated with dates and people. */
export interface ArticleDraft extends ArticleMeta {
  paragraphs: DraftParagraph[];
}

/** `fenced`: a line of a ``` (or ~~~) block, kept as written, never a heading and never joined to its neighbours. */
type Kind = 'text' | 'fenced' | 'section' | 'related' | 'stamp' | 'byline' | 'photo' | 'furniture';

interface Line {
  /** Position in the file, to tell lines that follow each other from lines a blank line separates. */
  lineNo: number;
  text: string;
  indented: boolean;
  kind: Kind;
}

interface Segment {
  heading: string | null;
  lines: Line[];
}

/** `#` and `##` start an article; deeper headings are sections inside one. */
const ARTICLE_HEADING = /^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$/;
const SECTION_HEADING = /^\s{0,3}#{3,6}\s+(.+?)\s*#*\s*$/;
const MARKDOWN_RULE = /^\s{0,3}(?:[-*_]\s*){3,}$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** Titles are short and are not sentences. */
const MAX_TITLE_LENGTH = 60;
/** Share of long body paragraphs that must be indented before unindented short lines count as captions. */
const INDENTED_LAYOUT_SHARE = 0.75;
const LONG_PARAGRAPH = 80;
/** Publish information sits near the top; an outlet named further down is something else. */
const TOP_LINES = 12;

const DATELINE_END = /[讯訊电電]$/u;
const SOURCE_LABEL_VALUE = /(?:来源|來源|稿源)\s*[:：]\s*(\S+)/u;

function classify(text: string): Kind {
  if (isRelatedMarker(text)) return 'related';
  if (isStampLine(text)) return 'stamp';
  if (parseByline(text)) return 'byline';
  if (parsePhotoCredit(text)) return 'photo';
  if (isFurniture(text)) return 'furniture';
  return 'text';
}

/** Splits the text at article headings; the lines are cleaned and classified. */
function segments(body: string): Segment[] {
  const out: Segment[] = [{ heading: null, lines: [] }];
  let fence: string | null = null; // the opening marker while inside a fenced block
  body.split(/\r\n|\r|\n/).forEach((raw, lineNo) => {
    const marker = FENCE.exec(raw)?.[1];
    if (fence !== null) {
      // Closed by a marker of the same character, at least as long (CommonMark).
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && raw.trim() === marker) fence = null;
      else {
        const text = cleanLine(raw);
        if (text !== '') out[out.length - 1]!.lines.push({ lineNo, text, indented: false, kind: 'fenced' });
      }
      return;
    }
    if (marker) {
      fence = marker;
      return;
    }
    if (MARKDOWN_RULE.test(raw)) return;
    const article = ARTICLE_HEADING.exec(raw);
    if (article) {
      out.push({ heading: cleanLine(article[1]!), lines: [] });
      return;
    }
    const section = SECTION_HEADING.exec(raw);
    const text = cleanLine(section ? section[1]! : raw);
    if (text === '') return;
    out[out.length - 1]!.lines.push({ lineNo, text, indented: isIndented(raw), kind: section ? 'section' : classify(text) });
  });
  return out.filter((s) => s.heading !== null || s.lines.length > 0);
}

function isTitleLike(text: string): boolean {
  return [...text].length <= MAX_TITLE_LENGTH && !/[。！？!?；;]/u.test(text);
}

/** A dateline opening the text (`三湘都市报6月14日讯 …`): the body has begun, however short the line. */
function datelineOf(text: string): string | null {
  const found = findPublishDate([text]);
  return found && DATELINE_END.test(found.text) && text.startsWith(found.text) ? found.text : null;
}

/** The outlet a dateline starts with: `三湘都市报` of `三湘都市报6月14日讯`, `新华社` of `新华社北京3月5日电`. */
function datelineOutlet(dateline: string): string | null {
  const dateAt = dateline.search(/\d|[〇零一二三四五六七八九十]{1,3}月/u);
  if (dateAt <= 0) return null;
  const lead = dateline.slice(0, dateAt).trim();
  return recoverOutlet(lead, dateline) ?? outletPrefix(lead);
}

/** The site a stamp line names first: `湖南省人民政府門戶網站 www… 發布時間: …`. */
function stampSite(line: string): string | null {
  const first = line.split(' ')[0] ?? '';
  return /^\p{Script=Han}+$/u.test(first) && outletPrefix(first) === first ? first : null;
}

/** `信息来源: 湖南日报·新湖南客户端` → the first part that reads as an outlet. */
function labelledSource(line: string): string | null {
  const value = SOURCE_LABEL_VALUE.exec(line)?.[1];
  if (!value) return null;
  return value.split(/[·・|｜/、]/u).find((part) => part !== '' && outletPrefix(part) === part) ?? null;
}

/** Letters and digits only: compares a title with a line repeating it. */
function comparable(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, '');
}

/** The first lines of the title zone that follow each other, as one title. */
function titleBlock(zone: Line[]): string {
  const block: Line[] = [];
  for (const line of zone) {
    if (block.length && line.lineNo !== block[block.length - 1]!.lineNo + 1) break;
    block.push(line);
  }
  return block.map((l) => l.text).join(' ');
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** What the body of an article holds: the paragraphs to quote, and the credits found among them. */
interface Body {
  paragraphs: DraftParagraph[];
  reporters: string[];
  photoCredits: string[];
  bylineOutlet: string | null;
  photoOutlet: string | null;
}

/** A caption says something when, its credit left aside, it is more than a label (`會議現場。`). */
const MIN_CAPTION_FACT = 8;

function captionCarriesFacts(text: string): boolean {
  const credit = parsePhotoCredit(text);
  const withoutCredit = credit ? text.replace(/[^。！？!?\s]*(?:\s+\p{Script=Han}{2,4})*\s*[摄攝]影?\s*$/u, '') : text;
  return [...withoutCredit.replace(/[\s\p{P}]/gu, '')].length >= MIN_CAPTION_FACT;
}

/**
 * Sorts the body's lines: by-lines and captions become paragraphs of their
 * kind (a caption only when it carries facts; a bare label stays metadata),
 * a repeated title and section labels are dropped, the rest are paragraphs.
 * `hasTitleZone` is false when the body is all the text there is (then every line is kept).
 */
function readBody(lines: Line[], title: string, hasTitleZone: boolean): Body {
  const body: Body = { paragraphs: [], reporters: [], photoCredits: [], bylineOutlet: null, photoOutlet: null };
  const longText = lines.filter((l) => l.kind === 'text' && l.text.length >= LONG_PARAGRAPH);
  const indentedLayout = longText.length >= 2 && longText.filter((l) => l.indented).length / longText.length >= INDENTED_LAYOUT_SHARE;
  let inList = false;
  const texts: string[] = [];
  const flushTexts = () => {
    for (const text of joinBrokenParagraphs(texts.splice(0))) body.paragraphs.push({ text, kind: 'text' });
  };
  const push = (p: DraftParagraph) => {
    if (p.kind === 'text') texts.push(p.text);
    else {
      flushTexts();
      body.paragraphs.push(p);
    }
  };
  for (const { text, kind, indented } of lines) {
    if (kind === 'byline') {
      const b = parseByline(text)!;
      body.reporters.push(...b.reporters);
      if (b.photographers.length) body.photoCredits.push(text);
      body.bylineOutlet ??= b.outlet;
      push({ text, kind: 'byline', credits: b.credits });
    } else if (kind === 'photo') {
      body.photoCredits.push(text);
      body.photoOutlet ??= parsePhotoCredit(text)!.outlet;
      push({ text, kind: captionCarriesFacts(text) ? 'caption' : 'byline' });
    } else if (kind === 'fenced') {
      inList = false;
      flushTexts(); // a fenced block stands alone: nothing is joined across it
      body.paragraphs.push({ text, kind: 'text' });
    } else if (kind !== 'text' || (hasTitleZone && comparable(text) === comparable(title))) {
      continue; // furniture, a section heading, or the title repeated
    } else if (indentedLayout && !indented && text.length < LONG_PARAGRAPH) {
      body.photoCredits.push(text); // pages that indent their paragraphs leave captions unindented (`會議現場。`)
      if (captionCarriesFacts(text)) push({ text, kind: 'caption' });
    } else if (hasTitleZone && isLabelLike(text)) {
      // A short unpunctuated line is a list item after a lead-in (`有6个突出重点——`), else a section label (`时间表`).
      const prev = texts[texts.length - 1];
      inList ||= prev !== undefined && endsWithLeadIn(prev);
      if (inList) push({ text, kind: 'text' });
    } else {
      inList = false;
      push({ text, kind: 'text' });
    }
  }
  flushTexts();
  for (const p of body.paragraphs) if (p.kind === 'text') for (const b of inlineBylines(p.text)) body.reporters.push(...b.reporters);
  return body;
}

/**
 * The outlet: from the dateline, else the site of the stamp line, a `来源:` label, a by-line; else, inferred,
 * the outlet a photo credit names (the photographer's: a report may print another outlet's photograph).
 */
function sourceOf(lines: Line[], body: Body): { source: string | null; sourceInferred?: true } {
  const top = lines.slice(0, TOP_LINES);
  const dateline = top.map((l) => datelineOf(l.text)).find((d) => d !== null);
  const given =
    (dateline ? datelineOutlet(dateline) : null) ??
    top.filter((l) => l.kind === 'stamp').map((l) => stampSite(l.text)).find((s) => s !== null) ??
    lines.filter((l) => l.kind === 'furniture' || l.kind === 'stamp').map((l) => labelledSource(l.text)).find((s) => s !== null) ??
    body.bylineOutlet;
  if (given || !body.photoOutlet) return { source: given };
  return { source: body.photoOutlet, sourceInferred: true };
}

/** A title made from a sentence is cut here. */
const MAX_INFERRED_TITLE = 30;
/** A clause shorter than this (`27日下午`) is a time or a place, not what happened. */
const MIN_TITLE_CLAUSE = 8;

/**
 * A title for an article the page gives none: the first clause of its lead
 * that says what happened, after the dateline and an inline by-line, shortened.
 */
export function titleFromLead(lead: string): string {
  const dateline = findPublishDate([lead])?.text;
  let text = dateline && lead.includes(dateline) ? lead.slice(lead.indexOf(dateline) + dateline.length) : lead;
  text = text.replace(/^\s*[(（][^()（）]{0,60}[)）]/u, '').trim();
  const sentence = text.split(/[。！？!?；;]/u)[0] ?? text;
  const clause = sentence.split(/[，,：:]/u).find((c) => [...c.trim()].length >= MIN_TITLE_CLAUSE)?.trim() ?? sentence.trim();
  const chars = [...clause];
  return chars.length > MAX_INFERRED_TITLE ? `${chars.slice(0, MAX_INFERRED_TITLE - 1).join('')}…` : clause;
}

/** The lead opens with its event date (`4月27日上午，…`): a lead's date is that close to its start. */
const LEAD_DATE_WITHIN = 24;

/**
 * The publish date a page does not give, from the event date its lead opens
 * with: marked as inferred, and with no year unless the lead writes one.
 */
export function dateFromLead(lead: string): PublishDate | null {
  const first = extractDateMentions(lead)[0];
  if (!first || first.start.month === null || first.start.day === null) return null;
  if (lead.indexOf(first.text) > LEAD_DATE_WITHIN) return null;
  return { ...first.start, inferred: true };
}

function buildArticle(segment: Segment): ArticleDraft {
  const { lines } = segment;
  const related = lines.findIndex((l) => l.kind === 'related');
  const content = related < 0 ? lines : lines.slice(0, related);

  // Without a heading, the title is in the zone before the first line of body text.
  const firstBody =
    segment.heading !== null
      ? 0
      : content.findIndex((l) => l.kind === 'fenced' || (l.kind === 'text' && (!isTitleLike(l.text) || datelineOf(l.text) !== null)));
  const zone = (firstBody < 0 ? content : content.slice(0, firstBody)).filter((l) => l.kind === 'text');
  const title = segment.heading ?? titleBlock(zone);
  // Without body text, the title zone is all the text there is: keep it (a one-line file is still searchable).
  const body = readBody(firstBody < 0 ? zone : content.slice(firstBody), title, firstBody >= 0);
  const lead = body.paragraphs.find((p) => p.kind === 'text')?.text ?? '';

  return {
    title: title || titleFromLead(lead),
    ...(title ? {} : { titleInferred: true }),
    date: findPublishDate(lines.map((l) => l.text))?.date ?? dateFromLead(lead),
    ...sourceOf(lines, body),
    url: null,
    reporters: unique(body.reporters),
    photoCredits: body.photoCredits,
    paragraphs: body.paragraphs,
  };
}

/**
 * The articles of a file's text (front matter removed). Front matter overrides
 * what is inferred: its date, source and url apply to every article of the
 * file, its title to the first. Articles without paragraphs are left out.
 */
export function splitArticles(body: string, meta: FrontMatter | null): ArticleDraft[] {
  const articles = segments(body)
    .map(buildArticle)
    .filter((a) => a.paragraphs.some((p) => p.kind !== 'byline'));
  if (!meta) return articles;
  return articles.map((a, i) => ({
    ...a,
    title: i === 0 && meta.title ? meta.title : a.title,
    titleInferred: i === 0 && meta.title ? undefined : a.titleInferred,
    date: meta.date ?? a.date,
    source: meta.source ?? a.source,
    sourceInferred: meta.source ? undefined : a.sourceInferred,
    url: meta.url ?? a.url,
  }));
}
