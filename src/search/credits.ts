/**
 * Questions asking who wrote, photographed or edited a report (`毛伟明赴株洲督导的报道是谁写的`,
 * `这篇关于十个方面的文章作者是谁`, `沈晓明向果农了解柑橘的照片是谁拍的`, `湘伴那篇稿子的编辑是谁`).
 * What kind of credit is asked (the text's by-line, a photo's credit, the editor's) is the answer type; the
 * rest of the question, its subject, finds the article the usual way. The answer
 * is the article's own credit, quoted where it is written, with the names marked.
 */
import { readFileSync } from 'node:fs';
import { OUTLETS } from '../corpus/outlets.js';
import { inlineBylineSpans, parseByline, parsePhotoCredit } from '../corpus/people.js';
import type { IndexData } from '../index/store.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { CreditKind, CreditResult } from '../types.js';
import { answerPassages, type MarkedPassage } from './passages.js';
import { coverage, type QueryTerm } from './question-terms.js';

/** The kind-of-credit table (credit-words.json): who is asked for, what they did, what they made. */
interface CreditWords {
  roles: string[];
  sharedRoles: string[];
  verbs: string[];
  works: string[];
}
const TABLE: Record<CreditKind, CreditWords> = JSON.parse(readFileSync(new URL('./credit-words.json', import.meta.url), 'utf8'));
/** Photo first: `照片是谁拍的` holds no text word, but `照片的作者是谁` holds both (see `creditQuestion`). */
const KINDS: CreditKind[] = ['photo', 'editor', 'text'];

const either = (words: string[]) => [...words].sort((a, b) => b.length - a.length).join('|');
/** A question word asking for a person or a source: `是谁`, `是哪位`, `叫什么名字`, `是哪里`. */
const WHO = '(?:是|为|叫|有)?(?:谁|哪一?位|哪几位|哪些人|哪些|什么人|叫什么名字|什么名字|叫什么|什么|哪里|哪儿)';
const WHICH = '(?:哪一?位|哪几位|哪个|哪些|什么)';
/** `这篇`, `该`, `那张`: pointing at a report or a photo, not saying what it is about. */
const POINTER = '(?:这|那|该|此|本)一?(?:篇|张|幅|条|则|组|个)?';

interface Patterns {
  /** `…的作者是谁`, `…的记者叫什么名字` */
  roleWho: RegExp;
  /** `谁是…的作者` */
  whoIsRole: RegExp;
  /** `…是谁写的`, `…由谁拍摄`, and with the work after it, `…是谁拍的照片` (group 1: the work) */
  whoDid: RegExp;
  /** `谁写了…的报道`, `谁拍的…照片`: only before a work, or `习近平给谁写了回信` would be one. */
  whoDidWork: RegExp;
  /** `…是哪位记者写的` */
  whichRole: RegExp;
}

function patterns(w: CreditWords, allWorks: string): Patterns {
  const roles = either([...w.roles, ...w.sharedRoles]);
  const verbs = either(w.verbs);
  return {
    roleWho: new RegExp(`的?(?:${roles})们?${WHO}$`, 'u'),
    whoIsRole: new RegExp(`^谁是(.+?)的?(?:${roles})$`, 'u'),
    whoDid: new RegExp(`(?:是由|是|由)?谁来?(?:${verbs})(?:的|了)?(${either(w.works)})?$`, 'u'),
    whoDidWork: new RegExp(`^(?:是由|是|由)?谁来?(?:${verbs})(?:了|的|过)?(.+(?:${allWorks}))$`, 'u'),
    whichRole: new RegExp(`(?:是由|是|由)?${WHICH}(?:${roles})(?:${verbs})?的?$`, 'u'),
  };
}
const ALL_WORKS = either([...new Set(KINDS.flatMap((k) => TABLE[k].works))]);
const PATTERNS = Object.fromEntries(KINDS.map((k) => [k, patterns(TABLE[k], ALL_WORKS)])) as Record<CreditKind, Patterns>;

/** A work named at the end of the subject (`…的报道`, `…照片`); one character (`图`) only after `的` or a pointer. */
function workAtEnd(kind: CreditKind): RegExp {
  const works = TABLE[kind].works;
  const long = either(works.filter((x) => [...x].length > 1));
  const short = either(works.filter((x) => [...x].length === 1));
  return new RegExp(`(?:的|${POINTER})?(?:${long})$|(?:的|${POINTER})(?:${short || '(?!)'})$`, 'u');
}
const WORK_AT_END = Object.fromEntries(KINDS.map((k) => [k, workAtEnd(k)])) as Record<CreditKind, RegExp>;

/** A role only a report's or a news photo's credit has (`记者`, `图片来源`). */
const NEWS_ROLE = Object.fromEntries(KINDS.map((k) => [k, new RegExp(either(TABLE[k].roles), 'u')])) as Record<CreditKind, RegExp>;
/** A report or photo pointed at (`这篇`, `那张`): the question means a report, whatever it calls it. */
const POINTED = /^(?:这|那|该|此|本)一?(?:篇|张|幅|条|则|组)/u;

const OUTLET = either(OUTLETS);
/** What only frames the question or points at the report: removed from the subject, at either end, until nothing more goes. */
const FRAMING = [
  new RegExp(`^(?:请问|请告诉我|我想知道|想问一下|问一下|想知道)`, 'u'),
  new RegExp(`^${POINTER}`, 'u'),
  new RegExp(`^(?:${OUTLET})(?:的|发表的|刊发的|刊登的)?`, 'u'),
  new RegExp(`(?:${OUTLET})$`, 'u'),
  /^(?:关于|有关)/u,
  /(?:关于|有关|[的之])$/u,
  /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu,
];
/** What ends a question without saying anything: punctuation, sentence-final particles. */
const QUESTION_END = /(?:[\s\p{P}\p{S}]|呢|啊|呀|吗|哦)+$/u;

/** A question asking who is credited for a report: the kind of credit, and its subject (simplified; empty when it names no report). */
export interface CreditQuestion {
  kind: CreditKind;
  subject: string;
  /**
   * Whether the wording says a report or a news photo is meant (`…的报道`, `这张照片`, `记者是谁`), not
   * only words other works' credits share (`《论自由》的作者是谁`, `是谁写的`).
   */
  report: boolean;
}

/** What is left once the credit words are taken out: the subject, whether it named a work (`…的报道`, `这篇`), and whether a photo (`照片的作者是谁`). */
function subjectOf(rest: string): { subject: string; work: boolean; photo: boolean } {
  let subject = rest;
  let photo = false;
  let work = false;
  for (let before = ''; before !== subject; ) {
    before = subject;
    if (WORK_AT_END.photo.test(subject)) photo = true;
    if (KINDS.some((k) => WORK_AT_END[k].test(subject)) || POINTED.test(subject)) work = true;
    for (const k of KINDS) subject = subject.replace(WORK_AT_END[k], '');
    for (const f of FRAMING) subject = subject.replace(f, '');
  }
  return { subject: /[\p{L}\p{N}]/u.test(subject) ? subject : '', work, photo };
}

/**
 * Whether a question asks who wrote or photographed a report, by its wording:
 * a credit word in a question about a person (`作者是谁`, `是谁拍的`, `哪位记者写的`).
 * A credit word as content (`记者在株洲看到了什么`, `哪些记者参加了会议`) is no
 * credit question. Null when it is not one.
 */
export function creditQuestion(question: string): CreditQuestion | null {
  const core = normalizeForMatch(question).replace(QUESTION_END, '');
  for (const kind of KINDS) {
    const p = PATTERNS[kind];
    let rest: string | null = null;
    let workAfter = false;
    const whoIs = p.whoIsRole.exec(core) ?? p.whoDidWork.exec(core);
    if (whoIs) rest = whoIs[1]!;
    else {
      const m = p.roleWho.exec(core) ?? p.whoDid.exec(core) ?? p.whichRole.exec(core);
      if (m) rest = core.slice(0, m.index);
      workAfter = Boolean(m?.[1]);
    }
    if (rest === null) continue;
    const { subject, work, photo } = subjectOf(rest);
    // The author of a photo (`照片的作者是谁`) is its photographer.
    return { kind: photo ? 'photo' : kind, subject, report: work || workAfter || NEWS_ROLE[kind].test(core.replace(rest, '')) };
  }
  return null;
}

/** A name credited in a paragraph, with its role as written and where it is in the text. */
interface CreditedName {
  name: string;
  role: string;
  at: [number, number];
}

/** The credits of one kind that one paragraph gives. */
export interface CreditLine {
  id: number;
  kind: CreditKind;
  /** A caption saying what the photo shows, ending with its credit. */
  captioned: boolean;
  names: CreditedName[];
}

const PHOTO_ROLE = '摄影';

/** Who a credit names, by its role: a photographer (`摄影`), an editor (as a by-line gives them), an author. */
function kindOf(role: string, editors: ReadonlySet<string>): CreditKind {
  return role === PHOTO_ROLE ? 'photo' : editors.has(role) ? 'editor' : 'text';
}

/** Where each name is in `text`, from `from` on (a by-line), or back from the end (a caption's credit closes it). */
function locate(text: string, credits: Array<{ name: string; role: string }>, from: number, backwards: boolean): CreditedName[] {
  const out: CreditedName[] = [];
  let cursor = backwards ? text.length : from;
  const ordered = backwards ? [...credits].reverse() : credits;
  for (const { name, role } of ordered) {
    const at = backwards ? text.lastIndexOf(name, cursor - name.length) : text.indexOf(name, cursor);
    if (at < 0) continue;
    out.push({ name, role, at: [at, at + name.length] });
    cursor = backwards ? at : at + name.length;
  }
  return backwards ? out.reverse() : out;
}

/** One line per kind of credit a paragraph gives, in the order written; `editorRoles`: the roles that name editors. */
function linesOf(id: number, names: CreditedName[], captioned: boolean, editorRoles: ReadonlySet<string> = new Set()): CreditLine[] {
  return KINDS.map((kind) => ({ id, kind, captioned, names: names.filter((n) => kindOf(n.role, editorRoles) === kind) })).filter((l) => l.names.length > 0);
}

/**
 * The credits of the article holding paragraph `id`, in its order: its by-lines
 * (`■湖南日报全媒体记者 邓晶琨`, `(文/孙敏坚 黄晗 图/刘尚文)`), a by-line inside a
 * paragraph (`…讯(全媒体记者 刘燕娟 张璐)…`) and photo credits, alone or closing a caption.
 */
export function articleCredits(data: IndexData, id: number): CreditLine[] {
  const store = data.paragraphs;
  const article = data.documents[store.doc(id)]!.articles[store.article(id)]!;
  const out: CreditLine[] = [];
  for (let i = article.first; i < article.first + article.count; i++) {
    const kind = store.kind(i) ?? 'text';
    const text = store.text(i);
    if (kind === 'text') {
      for (const { byline, from } of inlineBylineSpans(text)) out.push(...linesOf(i, locate(text, byline.credits, from, false), false));
      continue;
    }
    const byline = kind === 'byline' ? parseByline(text) : null;
    if (byline) {
      const editors = locate(text, byline.editors, 0, false);
      out.push(...linesOf(i, [...locate(text, byline.credits, 0, false), ...editors], false, new Set(byline.editors.map((e) => e.role))));
      continue;
    }
    const photo = parsePhotoCredit(text);
    if (photo) out.push(...linesOf(i, locate(text, photo.photographers.map((name) => ({ name, role: PHOTO_ROLE })), 0, true), kind === 'caption'));
  }
  return out;
}

/**
 * A caption describes the photo asked about when it holds at least this share of the
 * subject's informative weight (IDF², as the abstention weighs a passage's terms) and more
 * than any other caption of the article: on the bundled corpus the caption of the photo
 * asked about held 0.59–1 of it (0.59: `沈晓明调研`, whose caption says 了解), the article's
 * other captions at most 0.52 and always less; the one photo of 沈晓明 (in 石门) held 0.26 of
 * `沈晓明在郴州调研`, which no caption describes.
 */
export const CAPTION_MATCH = 0.5;

/** Lines naming someone not named by an earlier line: a by-line repeated at the foot (`文 |周帙恒`, `作者:周帙恒`) is quoted once. */
function newNames(lines: CreditLine[]): CreditLine[] {
  const seen = new Set<string>();
  return lines.filter((l) => {
    const fresh = l.names.some((n) => !seen.has(normalizeForMatch(n.name)));
    for (const n of l.names) seen.add(normalizeForMatch(n.name));
    return fresh;
  });
}

/**
 * The credits answering the question, among the article's. A text credit: its
 * by-lines. A photo credit: the caption the subject found or describes, else the
 * article's photo credit (`图/刘尚文`, `记者 唐俊 摄`), else its one photographer;
 * when it credits several photos and the subject describes none, which one is
 * meant is not known (`unmatched`).
 */
export function chooseCredits(
  data: IndexData,
  kind: CreditKind,
  lines: CreditLine[],
  terms: QueryTerm[],
  found: number[],
): { outcome: 'credited' | 'uncredited' | 'unmatched'; lines: CreditLine[] } {
  const of = lines.filter((l) => l.kind === kind);
  if (!of.length) return { outcome: 'uncredited', lines: [] };
  if (kind !== 'photo') return { outcome: 'credited', lines: newNames(of) };
  const captions = of.filter((l) => l.captioned);
  const inFound = captions.filter((l) => found.includes(l.id));
  if (inFound.length) return { outcome: 'credited', lines: inFound };
  const scored = captions.map((l) => ({ l, c: coverage(terms, normalizeForMatch(data.paragraphs.text(l.id))) })).sort((a, b) => b.c - a.c);
  const [best, next] = scored;
  if (best && best.c >= CAPTION_MATCH && (!next || next.c < best.c)) return { outcome: 'credited', lines: [best.l] };
  const general = of.filter((l) => !l.captioned);
  if (general.length) return { outcome: 'credited', lines: newNames(general) };
  const photographers = new Set(of.flatMap((l) => l.names.map((n) => normalizeForMatch(n.name))));
  if (of.every((l) => l.names.length === photographers.size)) return { outcome: 'credited', lines: [of[0]!] };
  return { outcome: 'unmatched', lines: captions };
}

/**
 * The passages of a credit answer: each credit line's paragraph with the names
 * marked (`mark`), then the passage that found the article (`window`); a credit
 * within that passage is marked there. Marked credits come first: they answer.
 */
export function creditPassages(
  data: IndexData,
  window: { id: number; ids: number[]; score: number },
  lines: CreditLine[],
  subject: string,
  terms: QueryTerm[],
  mark: boolean,
): MarkedPassage[] {
  const [found] = answerPassages(data, [window], subject, terms, false);
  const credits: MarkedPassage[] = [];
  const foundRanges: Array<[number, number]> = [];
  for (const line of lines) {
    const ranges = mark ? line.names.map((n) => n.at) : [];
    const k = window.ids.indexOf(line.id);
    if (k >= 0) {
      // Offsets within the window's text: its paragraphs joined with '\n'.
      const offset = window.ids.slice(0, k).reduce((n, i) => n + data.paragraphs.text(i).length + 1, 0);
      foundRanges.push(...ranges.map(([s, e]) => [s + offset, e + offset] as [number, number]));
      continue;
    }
    if (credits.some((c) => c.id === line.id)) continue;
    const [p] = answerPassages(data, [{ id: line.id, ids: [line.id], score: window.score }], subject, terms, false);
    credits.push(withRanges(p!, ranges));
  }
  const identifying = withRanges(found!, foundRanges);
  // Unmarked (no credit answers), the passage that found the report comes first; the credits shown are only related.
  return identifying.ranges.length || !mark ? [identifying, ...credits] : [...credits, identifying];
}

function withRanges(p: MarkedPassage, ranges: Array<[number, number]>): MarkedPassage {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  return { ...p, ranges: sorted, sentences: sorted.map(([s, e]) => p.text.slice(s, e)) };
}

/**
 * Which paragraphs may be quoted for a question that does not ask for a credit:
 * a by-line (`■湖南日报全媒体记者 邓晶琨`) holds no content, only who wrote the
 * report, so it is quoted only for a question naming someone it credits
 * (`邓晶琨写了哪些报道`); to any other it is no related passage.
 */
export function quotableFor(data: IndexData, question: string): (id: number) => boolean {
  const asked = normalizeForMatch(question);
  const store = data.paragraphs;
  return (id) => store.kind(id) !== 'byline' || store.people(id).some((m) => asked.includes(m.key));
}

/** The names credited by the chosen lines, as written, each once. */
function creditedNames(lines: CreditLine[]): CreditResult['names'] {
  const seen = new Set<string>();
  return lines.flatMap((l) => l.names).filter((n) => !seen.has(n.name) && seen.add(n.name)).map(({ name, role }) => ({ name, role }));
}

/**
 * The answer to a credit question, given the subject's ranked passages (`found`, as
 * windows) and whether the corpus answers the subject (the usual judgement on the
 * subject's terms): not, and the passages are only related; else the credits of the
 * article the best passage is from, or its passage and why no credit is given.
 */
export function creditAnswer(
  data: IndexData,
  asked: CreditQuestion,
  found: Array<{ id: number; ids: number[]; score: number }>,
  terms: QueryTerm[],
  subjectAnswered: boolean,
): { answered: boolean; passages: MarkedPassage[]; credit: CreditResult } {
  const { kind, subject } = asked;
  if (!subjectAnswered || !found.length) {
    return { answered: false, passages: answerPassages(data, found, subject, terms, false), credit: { kind, subject, outcome: 'not_found', names: [] } };
  }
  const best = found[0]!;
  const chosen = chooseCredits(data, kind, articleCredits(data, best.id), terms, best.ids);
  const credited = chosen.outcome === 'credited';
  return {
    answered: credited,
    passages: creditPassages(data, best, chosen.lines, subject, terms, credited),
    credit: { kind, subject, outcome: chosen.outcome, names: credited ? creditedNames(chosen.lines) : [] },
  };
}
