import type { IndexData, ParagraphRecord } from '../index/store.js';
import type { ParagraphKind } from '../corpus/types.js';
import { passageKey } from './answerable.js';
import { continuesOrdinal, countedSet, isLeadIn, leadingOrdinal, listAnswer, listMarks, markNumberedList } from './enumeration.js';
import type { QueryTerm } from './question-terms.js';
import type { Ranked } from './retrieve.js';
import { answeringSentences, asksAccount } from './sentences.js';

/** A ranked passage with its marked sentences, before citation and display. */
export interface MarkedPassage {
  /** The ranked paragraph. */
  id: number;
  /** Paragraph ids the passage quotes, in order: the ranked one and what continues it. */
  ids: number[];
  score: number;
  /** The paragraphs' texts joined with '\n'. */
  text: string;
  /** Character ranges [start, end) of the answering sentences in `text`; empty when nothing is marked. */
  ranges: Array<[number, number]>;
  sentences: string[];
  /** Set when the passage spans paragraphs: first and last paragraph of the file (0-based) and their kinds. */
  span?: { first: number; last: number; kinds: ParagraphKind[] };
}

/** Paragraphs a window may hold at most: a list of a few items, not the article. */
const MAX_WINDOW = 8;
/** A paragraph this short is a heading-like line (`11月11日,李殿勋赴株洲督导经济运行情况。`) that may go on in the next one. */
const SHORT_PARAGRAPH = 40;
/** A list item after a lead-in: short and not a full paragraph. */
const LIST_ITEM = 30;

/** A list item: a short line that is not a sentence (`重点工作落实`) nor another lead-in. */
function isListItem(p: ParagraphRecord): boolean {
  return (p.kind ?? 'text') === 'text' && [...p.text].length <= LIST_ITEM && !/[。！？!?；;]/u.test(p.text) && !isLeadIn(p.text);
}

/** Whether `next` says more of what the short paragraph `p` reports: the same person or the same date. */
function continues(p: ParagraphRecord, next: ParagraphRecord): boolean {
  const people = new Set(p.people.map((m) => m.key));
  const dates = new Set(p.dates.map((d) => JSON.stringify(d.start)));
  return next.people.some((m) => people.has(m.key)) || next.dates.some((d) => dates.has(JSON.stringify(d.start)));
}

/**
 * The paragraphs to quote for a ranked paragraph: itself, and when it cannot
 * stand alone, what continues it in the same article. A lead-in (`…有6个突出重点——`)
 * takes the paragraph after it and the list items that follow (short lines, or
 * paragraphs numbered on from it: 一是…, 二是…); a short
 * paragraph (`11月11日,李殿勋赴株洲督导…`) takes the next paragraph or caption
 * when that one is about the same person or date. By-lines are never taken.
 */
export function windowFor(data: IndexData, id: number): number[] {
  const p = data.paragraphs.get(id);
  const article = data.documents[p.doc]!.articles[p.article]!;
  const end = article.first + article.count;
  const usable = (i: number) => i < end && data.paragraphs.get(i).kind !== 'byline';
  const ids = [id];
  if (isLeadIn(p.text)) {
    // The paragraph after it, and when that is a list item, the items that follow.
    for (let i = id + 1; usable(i) && ids.length < MAX_WINDOW; i++) {
      const next = data.paragraphs.get(i);
      // A short line, or a numbered paragraph: the first item (一是…, (1)…) or the next number after the one before (二是…).
      const numbered = ids.length > 1 ? continuesOrdinal(data.paragraphs.text(i - 1), next.text) : leadingOrdinal(next.text)?.value === 1;
      const item = isListItem(next) || numbered;
      if (ids.length > 1 && !item) break;
      ids.push(i);
      if (!item) break;
    }
  } else if ([...p.text].length <= SHORT_PARAGRAPH && (p.kind ?? 'text') === 'text' && usable(id + 1) && continues(p, data.paragraphs.get(id + 1))) {
    ids.push(id + 1);
  }
  return ids;
}

/** The matching key of a window: its paragraphs' keys together. */
export function windowKey(data: IndexData, ids: number[]): string {
  return ids.map((i) => passageKey(data, i)).join('\n');
}

/**
 * The window a ranked paragraph is quoted in: that of the paragraph it continues when there is one (a caption
 * after its one-line report, `11月11日,李殿勋赴株洲督导…` then `…在中车时代半导体IGBT产业园…`; a list item after
 * its lead-in), else its own (`windowFor`). Found first, the continuation says only half: the report says where
 * and who, the caption what was visited.
 */
export function windowAround(data: IndexData, id: number): number[] {
  const first = data.documents[data.paragraphs.doc(id)]!.articles[data.paragraphs.article(id)]!.first;
  for (let back = id - 1; back >= first && id - back < MAX_WINDOW; back--) {
    const window = windowFor(data, back);
    if (window.includes(id)) return window;
  }
  return windowFor(data, id);
}

/**
 * Each ranked paragraph in its window (`windowAround`); a paragraph already quoted in an earlier window is not
 * quoted again: the window is cut to the run around the ranked paragraph that is not yet quoted. A prefix of
 * `ranked` gives a prefix of the windows (what is shown, then the runners-up judged with it, line up).
 */
export function windows(data: IndexData, ranked: Ranked[]): Array<{ id: number; ids: number[]; score: number }> {
  const quoted = new Set<number>();
  const out: Array<{ id: number; ids: number[]; score: number }> = [];
  for (const r of ranked) {
    if (quoted.has(r.id)) continue;
    const window = windowAround(data, r.id);
    const at = window.indexOf(r.id);
    let from = at;
    let to = at + 1;
    while (from > 0 && !quoted.has(window[from - 1]!)) from--;
    while (to < window.length && !quoted.has(window[to]!)) to++;
    const ids = window.slice(from, to);
    for (const i of ids) quoted.add(i);
    out.push({ id: r.id, ids, score: r.score });
  }
  return out;
}

/**
 * The ranked paragraphs without those whose whole text (its last stop left out) another of them, of the same
 * article, holds, wherever that one is ranked (of two alike, the later ranked goes): a photo caption repeating its
 * report's sentence (`2月19日下午，…毛伟明主持召开省政府党组会议。` beside 第1段, which opens so) says nothing
 * more, and the paragraph is quoted at its own rank.
 */
export function withoutRepeats(data: IndexData, ranked: Ranked[]): Ranked[] {
  const norms = ranked.map((r) => data.paragraphs.norm(r.id));
  const articles = ranked.map((r) => `${data.paragraphs.doc(r.id)}:${data.paragraphs.article(r.id)}`);
  return ranked.filter((r, i) => {
    // The caption ends its sentence where the report goes on (`…党组会议。` / `…党组会议，认真学习…`).
    const own = norms[i]!.replace(/[\s。．.！!？?，,；;]+$/u, '');
    if (!own) return true;
    return !ranked.some((o, j) => j !== i && o.id !== r.id && articles[j] === articles[i] && norms[j]!.includes(own) && (norms[j]!.length > norms[i]!.length || j < i));
  });
}

/**
 * The passages' texts with the sentences that answer the question marked.
 * For a question asking for the items of a counted set (`三项措施是什么`), a
 * passage listing them has its lead-in and items marked (`listMarks`).
 * `mark` false (the corpus does not answer the question) leaves every passage
 * unmarked: they are only related; a list says it passage by passage.
 */
export function answerPassages(
  data: IndexData,
  found: Array<{ id: number; ids: number[]; score: number }>,
  question: string,
  terms: QueryTerm[],
  marks: boolean | readonly boolean[] = true,
): MarkedPassage[] {
  const set = countedSet(question);
  return found.map(({ id, ids, score }, index) => {
    const mark = typeof marks === 'boolean' ? marks : (marks[index] ?? false);
    const texts = ids.map((i) => data.paragraphs.get(i).text);
    const text = texts.join('\n');
    const list = mark && set && listAnswer(set, text, ids.map((i) => data.paragraphs.norm(i)).join('\n'));
    if (list) return passageOf(data, id, ids, score, text, listMarks(list));
    let ranges = mark ? answeringSentences(text, question, terms) : [];
    if (ranges.length && asksAccount(question)) ranges = markNumberedList(text, ranges);
    // A marked lead-in is answered by the list it announces: the items are marked with it.
    if (ids.length > 1 && isLeadIn(texts[0]!) && ranges.some(([s]) => s < texts[0]!.length)) {
      let at = texts[0]!.length + 1;
      const items: Array<[number, number]> = texts.slice(1).map((t) => {
        const r: [number, number] = [at, at + t.length];
        at += t.length + 1;
        return r;
      });
      ranges = [...ranges.filter(([s]) => s < texts[0]!.length), ...items];
    }
    return passageOf(data, id, ids, score, text, ranges);
  });
}

function passageOf(data: IndexData, id: number, ids: number[], score: number, text: string, ranges: Array<[number, number]>): MarkedPassage {
  const passage: MarkedPassage = { id, ids, score, text, ranges, sentences: ranges.map(([s, e]) => text.slice(s, e)) };
  if (ids.length > 1) {
    passage.span = {
      first: data.paragraphs.paragraph(ids[0]!),
      last: data.paragraphs.paragraph(ids[ids.length - 1]!),
      kinds: ids.map((i) => data.paragraphs.kind(i) ?? 'text'),
    };
  }
  return passage;
}
