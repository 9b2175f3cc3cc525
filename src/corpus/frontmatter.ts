/**
 * An optional front-matter block at the top of a file, which overrides what is
 * inferred from the text:
 *
 *     ---
 *     title: 毛伟明主持召开省政府党组会议
 *     date: 2024-02-19        (or 2024-02, 06-14, 2024年2月19日)
 *     source: 湖南日报
 *     url: https://…
 *     ---
 *
 * Only simple `key: value` lines, so no YAML library: a value may be quoted,
 * unknown keys are ignored.
 */
import { extractDateMentions } from './dates.js';
import type { PartialDate } from './types.js';

export interface FrontMatter {
  title: string | null;
  /** Only the parts written are set: `2024-02` has a null day, `06-14` a null year. */
  date: PartialDate | null;
  source: string | null;
  url: string | null;
}

export interface FrontMatterSplit {
  /** Null when the file has no front matter. */
  meta: FrontMatter | null;
  /** The text after the block (the whole text when there is none). */
  body: string;
  /** Problems worth a warning, e.g. a date that cannot be read. */
  problems: string[];
}

const FENCE = /^---\s*$/;
const CLOSING_FENCE = /^(?:---|\.\.\.)\s*$/;
const KEY_VALUE = /^([A-Za-z_][\w-]*)\s*[:：]\s*(.*)$/;
/** A front matter is short; a `---` rule further down is Markdown, not a closing fence. */
const MAX_LINES = 50;

/** Month 1–12 and a day that month has (29 February allowed when the year is unknown). */
function isValidDate(d: PartialDate): boolean {
  if (d.month === null) return d.day === null;
  if (d.month < 1 || d.month > 12) return false;
  if (d.day === null) return true;
  const days = new Date(Date.UTC(d.year ?? 2000, d.month, 0)).getUTCDate();
  return d.day >= 1 && d.day <= days;
}

function unquote(v: string): string {
  const t = v.trim();
  const q = /^(["'])(.*)\1$/.exec(t);
  return (q ? q[2]! : t).trim();
}

/**
 * A date as written in front matter: `2024-02-19`, `2024/2/19`, `2024-02`,
 * `2024`, `06-14`, or written in Chinese (`2024年2月19日`, `6月14日`).
 */
export function parseFrontMatterDate(value: string): PartialDate | null {
  const v = value.trim();
  let d: PartialDate | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(v))) {
    d = { year: Number(m[1]), month: m[2] ? Number(m[2]) : null, day: m[3] ? Number(m[3]) : null };
  } else if ((m = /^(\d{1,2})[-/.](\d{1,2})$/.exec(v))) {
    d = { year: null, month: Number(m[1]), day: Number(m[2]) };
  } else if ((m = /^(\d{4})年(?:(\d{1,2})月)?$/.exec(v))) {
    d = { year: Number(m[1]), month: m[2] ? Number(m[2]) : null, day: null };
  } else {
    const [mention] = extractDateMentions(v);
    if (mention && mention.text === v) d = mention.start;
  }
  return d && isValidDate(d) ? d : null;
}

/** Splits a front-matter block off the top of a text. */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const lines = text.split(/\r\n|\r|\n/);
  if (!FENCE.test(lines[0] ?? '')) return { meta: null, body: text, problems: [] };
  const end = lines.findIndex((l, i) => i > 0 && CLOSING_FENCE.test(l));
  if (end < 0 || end > MAX_LINES) return { meta: null, body: text, problems: [] };
  const inner = lines.slice(1, end).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const pairs = inner.map((l) => KEY_VALUE.exec(l.trim()));
  // Anything that is not `key: value` means this was a Markdown rule followed by text.
  if (pairs.some((p) => p === null)) return { meta: null, body: text, problems: [] };

  const meta: FrontMatter = { title: null, date: null, source: null, url: null };
  const problems: string[] = [];
  for (const p of pairs) {
    const key = p![1]!.toLowerCase();
    const value = unquote(p![2]!);
    if (value === '') continue;
    if (key === 'title' || key === 'source' || key === 'url') meta[key] = value;
    else if (key === 'date') {
      meta.date = parseFrontMatterDate(value);
      if (!meta.date) problems.push(`front-matter date "${value}" is not a date like 2024-02-19, 2024-02 or 06-14; it is ignored`);
    }
  }
  return { meta, body: lines.slice(end + 1).join('\n'), problems };
}
