import type { Answer, DateResult, PersonResult } from '../types.js';
import { formatCitation } from '../search/citation.js';

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

function markRanges(text: string, ranges: Array<[number, number]>, style: Style): string {
  let out = '';
  let at = 0;
  // Consecutive sentences are marked as one run.
  const merged: Array<[number, number]> = [];
  for (const [s, e] of ranges) {
    const last = merged[merged.length - 1];
    if (last && last[1] === s) last[1] = e;
    else merged.push([s, e]);
  }
  for (const [s, e] of merged) {
    out += text.slice(at, s) + style.mark(text.slice(s, e));
    at = e;
  }
  return out + text.slice(at);
}

export function renderAnswer(a: Answer, style: Style): string {
  if (!a.passages.length) {
    return ['没有找到回答这个问题的段落。No passage answers this question; try other words, or /date and /person look-ups.', ...a.warnings.map((w) => style.dim(`note: ${w}`))].join('\n');
  }
  const head = a.answered ? [] : ['语料中没有回答这个问题的段落；以下段落仅供参考。No passage answers this question; related passages:'];
  const blocks = a.passages.map((p, i) => {
    // Marks are found on the original text; character conversion keeps positions, so they carry over when lengths agree.
    const shown = p.display?.text ?? p.text;
    const body = shown.length === p.text.length ? markRanges(shown, p.ranges, style) : shown;
    const note = p.display ? style.dim(`（已转换为${p.display.script === 'simplified' ? '简体' : '繁體'}显示 · shown converted from the original script）`) : '';
    return [`[${i + 1}] ${body}`, note, style.dim(`    — ${formatCitation(p.display ? { ...p.citation, title: p.display.title } : p.citation)} ¶${p.span ? `${p.span.first}–${p.span.last}` : p.paragraph}${p.paragraphRef.kind === 'caption' ? ' 图片说明' : ''}`)].filter(Boolean).join('\n');
  });
  return [...head, ...blocks, ...a.warnings.map((w) => style.dim(`note: ${w}`))].join('\n\n');
}

export function renderDate(r: DateResult, style: Style): string {
  if (!r.hits.length) return `语料中没有提到 ${r.description} 的段落。Nothing in the corpus is dated ${r.description}.`;
  const head = `${r.description}: ${r.hits.length} passage(s)`;
  const blocks = r.hits.map(
    (h, i) =>
      `[${i + 1}] ${style.mark(h.date)}${h.via === 'published' ? '（发布日期）' : ''} ${h.text}\n${style.dim(`    — ${formatCitation(h.citation)} ¶${h.paragraph}`)}`,
  );
  return [head, ...blocks].join('\n\n');
}

export function renderPerson(r: PersonResult, style: Style): string {
  const names = r.variants.length > 1 ? `${r.name}（${r.variants.filter((v) => v !== r.name).join('、')}）` : r.name;
  const head = `${style.mark(names)} — ${r.roles.length ? r.roles.join('、') : '职务不详'} · ${r.hits.length} passage(s), newest first`;
  const blocks = r.hits.map(
    (h, i) => `[${i + 1}] ${h.roles.length ? `（${h.roles.join('、')}）` : ''}${h.text}\n${style.dim(`    — ${formatCitation(h.citation)} ¶${h.paragraph}`)}`,
  );
  return [head, ...blocks].join('\n\n');
}
