import { normalizeForMatch } from '../text/normalize.js';
import { taggedWords } from '../text/segment.js';
import { sentenceRanges } from './sentences.js';

/**
 * Questions that ask for the items of a counted set (`"十个方面"是哪些`,
 * `三大支撑是什么`, `會議提出的三項措施有哪些`) and passages that list them:
 * the items in parallel (the same opening word repeated, 一是/二是…, 第一/第二…,
 * (一)(二)…, 1./2./①②…, 首先/其次…) under a lead-in that names the set.
 * BM25 ranks such a list, long by nature, below shorter paragraphs that only
 * mention the set; these tests let the ranking and the marks find it.
 */

/** What a question asks to have listed. */
export interface CountedSet {
  /** How many items the question says there are. */
  count: number;
  /** The measure or collective word (个, 项, 大, 方面). */
  measure: string;
  /** The noun after it, up to six characters (simplified: 方面, 突出重点, 措施); '' when the question names none (有哪三点). */
  noun: string;
}

/** Chinese numerals up to 99 (十二, 二十, 两) or 1–2 digits; a numeral inside a longer one or an ordinal (第三) is not a count. */
const NUMERAL = /(?<![第\d.零一二三四五六七八九十百千万两])(\d{1,2}|[一二三四五六七八九十两]{1,3})(?![\d.])/gu;
/** Measure and collective words a counted set is named with: 十个方面, 四项措施, 三大支撑, 三方面. */
const MEASURE = /^(?:方面|[个项大条种类点件家位名批招支座])/u;
/** Asking for several items: 哪些, 哪几, 哪三个. */
const ASKS_PLURAL = /哪些|哪几|哪[\d二三四五六七八九十两]/u;
/** Asking for all of them: 分别是, 包括, 包含. */
const ASKS_ALL = /分别|包括|包含/u;
/** Right after the set's noun, asking what it is: 三大支撑是什么, 四项措施指什么. */
const ASKS_WHAT = /^["“”'‘’「」』『]*(?:主要|具体|分别|都)?(?:是|指|有|为|包括|包含)?(?:什么|啥)/u;
/**
 * Asking for one item, or for something else about the set: 还有哪一个, 和哪一类, 哪家,
 * 什么时候, 为什么. (On the DRCD dev set most questions naming a count are of this kind:
 * `三大证券交易所分别为大阪、名古屋和哪一个`.)
 */
const ASKS_OTHER = /哪一|哪个|哪家|哪位|哪种|哪座|哪部|哪项|哪条|哪名|哪所|哪国|还有|以及哪|和哪|与哪|何处|何时|哪年|哪里|什么时|为什么|为何|如何|怎么|多少/u;
/** Characters that end the noun after the measure word: question words, copulas, particles, punctuation. */
const NOUN_END = /[是有包分指都哪什啥的呢吗为即具和与及在中其以等共各,，。？?!！"“”'‘’「」()（）\s]/u;
/** Smallest and largest count a list answers; beyond it the items are not quoted one by one. */
const MIN_COUNT = 2;
const MAX_COUNT = 30;
/** The longest noun read after the measure word (突出重点, 重点改革任务). */
const MAX_NOUN = 6;
/** Characters after the numeral within which a passage must name the set's noun (个 + 突出 + 重点). */
const NAME_REACH = 6;

const DIGITS = '零一二三四五六七八九';

/** The value of a numeral: 十 10, 十二 12, 二十三 23, 两 2; null for what is not one number (三四). */
export function numeralValue(s: string): number | null {
  if (/^\d+$/u.test(s)) return Number(s);
  if (s === '两') return 2;
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(s);
  if (!m || !s) return null;
  if (!m[2]) return m[1] && !m[3] ? DIGITS.indexOf(m[1]) : null;
  return (m[1] ? DIGITS.indexOf(m[1]) : 1) * 10 + (m[3] ? DIGITS.indexOf(m[3]) : 0);
}

/** The counted set a question asks the items of, or null when it asks for none (no count, or not asking which). */
export function countedSet(question: string): CountedSet | null {
  const norm = normalizeForMatch(question);
  const plural = ASKS_PLURAL.test(norm);
  if (!plural && ASKS_OTHER.test(norm)) return null;
  for (const m of norm.matchAll(NUMERAL)) {
    const count = numeralValue(m[1]!);
    if (count === null || count < MIN_COUNT || count > MAX_COUNT) continue;
    const rest = norm.slice(m.index! + m[0].length);
    const measure = MEASURE.exec(rest)?.[0];
    if (!measure) continue;
    const after = [...rest.slice(measure.length)];
    const end = after.findIndex((c) => !/\p{Script=Han}/u.test(c) || NOUN_END.test(c));
    const written = after.slice(0, end < 0 ? after.length : end);
    // `是什么` must ask about the set itself: right after a noun (三大支撑是什么), not after a verb (4个翼状结构象征着什么).
    const asksWhat = written.length <= MAX_NOUN && ASKS_WHAT.test(after.slice(written.length).join(''));
    if (!plural && !ASKS_ALL.test(norm) && !asksWhat) continue;
    const noun = written.slice(0, MAX_NOUN).join('') || (measure.length > 1 ? measure : '');
    return { count, measure, noun };
  }
  return null;
}

/**
 * Whether a passage's matching text names the set: the same count with the
 * noun's first or last two characters right after (`6个突出重点` for 六个重点,
 * `两位可汗掌管` for 哪两位可汗掌管), or with the same measure word when the
 * question names no noun (`三点` for 哪三点).
 */
export function namesSet(set: CountedSet, norm: string): boolean {
  const chars = [...set.noun];
  const heads = new Set([chars.slice(0, 2).join(''), chars.slice(-2).join('')]);
  for (const m of norm.matchAll(NUMERAL)) {
    if (numeralValue(m[1]!) !== set.count) continue;
    const after = norm.slice(m.index! + m[0].length, m.index! + m[0].length + NAME_REACH);
    if (set.noun ? [...heads].some((h) => after.includes(h)) : after.startsWith(set.measure)) return true;
  }
  return false;
}

/** An ordinal marker family: a pattern whose group 1 is the ordinal, and its value. */
interface OrdinalFamily {
  name: string;
  pattern: RegExp;
  value: (ordinal: string) => number | null;
}

/** Where a marker may stand: at the start, or after a space or a punctuation mark. */
const BOUNDARY = String.raw`(?<=^|[\s,，。；;：:、！？!?“”"「」（(—])`;
const HAN_ORDINAL = '[一二三四五六七八九十]{1,2}';
const SEQUENCE = ['首先', '其次', '再次', '最后', '最後'];

const FAMILIES: OrdinalFamily[] = [
  // 一是…二是…, 一要…二要…
  { name: 'shi', pattern: new RegExp(`${BOUNDARY}(${HAN_ORDINAL})[是要抓]`, 'gu'), value: numeralValue },
  // 第一，…第二，… (not 第一次, 第二届)
  { name: 'di', pattern: new RegExp(`第(${HAN_ORDINAL})(?=[,，、:：是])`, 'gu'), value: numeralValue },
  { name: 'qi', pattern: new RegExp(`其(${HAN_ORDINAL})(?=[,，、:：是])`, 'gu'), value: numeralValue },
  { name: 'paren-han', pattern: new RegExp(`[（(](${HAN_ORDINAL})[)）]`, 'gu'), value: numeralValue },
  { name: 'paren-digit', pattern: /[（(](\d{1,2})[)）]/gu, value: numeralValue },
  { name: 'digit', pattern: new RegExp(`${BOUNDARY}(\\d{1,2})[.、．](?!\\d)`, 'gu'), value: numeralValue },
  { name: 'circled', pattern: /([\u2460-\u2473])/gu, value: (c) => c.codePointAt(0)! - 0x2460 + 1 },
  // 首先…其次…再次…最后: 最后 closes whatever came before it.
  {
    name: 'sequence',
    pattern: new RegExp(`(${SEQUENCE.join('|')})`, 'gu'),
    value: (w) => (w.startsWith('最') ? Number.POSITIVE_INFINITY : SEQUENCE.indexOf(w) + 1),
  },
];

/** The ordinal marker a paragraph opens with (`二是`, `(三)`, `2.`, `其次`), or null. */
export function leadingOrdinal(text: string): { family: string; value: number } | null {
  const start = text.length - text.trimStart().length;
  for (const f of FAMILIES) {
    f.pattern.lastIndex = 0;
    const m = f.pattern.exec(text);
    if (m && m.index === start) {
      const value = f.value(m[1]!);
      if (value !== null) return { family: f.name, value };
    }
  }
  return null;
}

/** Whether a paragraph opening with `next` goes on with the list whose last item opens with `prev` (二是 after 一是, 最后 after 其次). */
export function continuesOrdinal(prev: string, next: string): boolean {
  const a = leadingOrdinal(prev);
  const b = leadingOrdinal(next);
  if (!a || !b || a.family !== b.family || !Number.isFinite(a.value)) return false;
  return b.value === a.value + 1 || (b.value === Number.POSITIVE_INFINITY && a.value > 1);
}

/** Items of one enumeration: the [start, end) span of each, in order. */
type Items = Array<[number, number]>;

/** The longest run 1, 2, 3… of one family's markers in text order; each item runs to the next marker (the last to its sentence's end). */
function ordinalRuns(text: string, sentences: Array<[number, number]>): Items[] {
  const out: Items[] = [];
  for (const f of FAMILIES) {
    const marks = [...text.matchAll(f.pattern)].map((m) => ({ at: m.index!, value: f.value(m[1]!) }));
    const run: number[] = [];
    for (const m of marks) {
      const last = run.length;
      if (m.value === last + 1 || (m.value === Number.POSITIVE_INFINITY && last > 1)) run.push(m.at);
      if (m.value === Number.POSITIVE_INFINITY && last > 1) break;
    }
    if (run.length < MIN_COUNT) continue;
    out.push(
      run.map((at, k) => {
        const end = k + 1 < run.length ? run[k + 1]! : (sentences.find(([s, e]) => s <= at && at < e)?.[1] ?? text.length);
        return [at, end];
      }),
    );
  }
  return out;
}

/**
 * The sentences of a numbered list that opens in sentence `at`: its first
 * marker (第一/一是/(1)/①/首先…) in that sentence, or opening the next one
 * when `at` announces it with a colon, and the markers 2, 3… of the same
 * family after it. Returns the index of the sentence holding the last marker,
 * or null when no list of two items or more opens there (or it runs past the
 * mark budget: not a list but numbers far apart).
 */
function numberedListEnd(text: string, sentences: Array<[number, number]>, at: number): number | null {
  const [start, end] = sentences[at]!;
  const announces = /[：:]\s*$/u.test(text.slice(start, end));
  const next = sentences[at + 1];
  const nextStart = next ? next[0] + (text.slice(next[0], next[1]).length - text.slice(next[0], next[1]).trimStart().length) : -1;
  for (const f of FAMILIES) {
    const marks = [...text.slice(start).matchAll(f.pattern)].map((m) => ({ at: start + m.index!, value: f.value(m[1]!) }));
    const first = marks[0];
    if (!first || first.value !== 1 || !(first.at < end || (announces && first.at === nextStart))) continue;
    let last = first.at;
    let count = 1;
    for (const m of marks.slice(1)) {
      if (m.value === 1) break;
      if (m.value === count + 1 || (m.value === Number.POSITIVE_INFINITY && count > 1)) {
        last = m.at;
        count++;
        if (m.value === Number.POSITIVE_INFINITY) break;
      }
    }
    if (count < MIN_COUNT) continue;
    const endAt = sentences.findIndex(([s, e]) => s <= last && last < e);
    if (endAt >= at && endAt - at < LIST_MARK_BUDGET) return endAt;
  }
  return null;
}

/**
 * The marks with the numbered list a marked sentence opens (`其特点主要有以下三点：第一，…`,
 * `首先…其次…`): its items are marked with it, through the one holding the last number.
 * For a question asking for an account (特点, 哪些, 为什么), which the whole list answers.
 */
export function markNumberedList(text: string, ranges: Array<[number, number]>): Array<[number, number]> {
  const sentences = sentenceRanges(text);
  for (const [s] of ranges) {
    const at = sentences.findIndex(([a]) => a === s);
    const end = at < 0 ? null : numberedListEnd(text, sentences, at);
    if (end === null) continue;
    const list = sentences.slice(at, end + 1);
    return [...ranges.filter(([a]) => a < list[0]![0] || a >= list[list.length - 1]![1]), ...list].sort((x, y) => x[0] - y[0]);
  }
  return ranges;
}

/** Clauses: sentences cut at semicolons too (`…责任清；要定期调度…；要评估总结…`). */
function clauseRanges(text: string, sentences: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [s, e] of sentences) {
    let at = s;
    for (let i = s; i < e; i++) {
      if (text[i] === '；' || text[i] === ';') {
        out.push([at, i + 1]);
        at = i + 1;
      }
    }
    if (text.slice(at, e).trim()) out.push([at, e]);
  }
  return out;
}

/** Leading spaces, quotes, brackets and bullets before a clause's first word. */
const OPENING_NOISE = /^[\s“”"'‘’「」『』【】·•●■◆—–-]+/u;

/** The first two characters of a clause's matching text, when both are Han: the word a parallel list repeats (聚焦, 全力). */
function openingWord(clause: string): string | null {
  const key = [...normalizeForMatch(clause.replace(OPENING_NOISE, '').slice(0, 4))].slice(0, 2).join('');
  return /^\p{Script=Han}{2}$/u.test(key) ? key : null;
}

/** Clauses opening with the same word, one group per word that opens at least two. */
function parallelOpenings(text: string, sentences: Array<[number, number]>): Items[] {
  const groups = new Map<string, Items>();
  for (const [s, e] of clauseRanges(text, sentences)) {
    const key = openingWord(text.slice(s, e));
    if (!key) continue;
    const group = groups.get(key) ?? [];
    group.push([s, e]);
    groups.set(key, group);
  }
  return [...groups.values()].filter((g) => g.length >= MIN_COUNT);
}

/** Ends by announcing what follows: `有6个突出重点——`, `如下：`. */
export function isLeadIn(text: string): boolean {
  return /(?:——|[：:])\s*$/u.test(text);
}

/** The lines after a lead-in line: a list quoted over several paragraphs, one item a line. */
function linesAfterLeadIn(text: string): Items[] {
  const lines: Array<[number, number]> = [];
  let at = 0;
  for (const line of text.split('\n')) {
    lines.push([at, at + line.length]);
    at += line.length + 1;
  }
  return lines.length > MIN_COUNT && isLeadIn(text.slice(...lines[0]!)) ? [lines.slice(1)] : [];
}

/** Whether a list of `n` items is about as long as the count asked: half of it at least (a scrape may cut the end), two more at most. */
function fits(n: number, count: number): boolean {
  return n >= MIN_COUNT && n * 2 >= count && n <= count + 2;
}

/** A passage's list of the set: the lead-in that names it and the items, as sentence ranges of the text. */
export interface ListAnswer {
  /** The sentence that names the set, when one does before the items. */
  leadIn: [number, number] | null;
  /** The sentences holding the items, in order. */
  items: Array<[number, number]>;
  /** How many items the list has (several may share a sentence). */
  count: number;
}

/**
 * The list of the set a passage holds, or null: the passage names the set
 * and holds an enumeration of about that many items (ordinal markers in
 * order, clauses opening with the same word, or lines after a lead-in); of
 * several, the one closest to the count asked. `norm` is the text's matching
 * key when the caller has it.
 */
export function listAnswer(set: CountedSet, text: string, norm = normalizeForMatch(text)): ListAnswer | null {
  if (!namesSet(set, norm)) return null;
  const sentences = sentenceRanges(text);
  // The sentence that holds an item's start or comes just before it names the set: the list's lead-in.
  const leadInOf = (first: number): [number, number] | null => {
    const at = sentences.findIndex(([s, e]) => s <= first && first < e);
    const lead = at > 0 && sentences[at]![0] === first ? sentences[at - 1]! : at >= 0 ? sentences[at]! : null;
    return lead && namesSet(set, normalizeForMatch(text.slice(...lead))) ? lead : null;
  };
  // Clauses opening with the same word are a list only under such a lead-in: elsewhere they are often a topic's name repeated (華碩…, 華碩…).
  const candidates = [
    ...ordinalRuns(text, sentences),
    ...parallelOpenings(text, sentences).filter((items) => leadInOf(items[0]![0])),
    ...linesAfterLeadIn(text),
  ].filter((items) => fits(items.length, set.count));
  if (!candidates.length) return null;
  const best = candidates.reduce((a, b) => {
    const da = Math.abs(a.length - set.count);
    const db = Math.abs(b.length - set.count);
    return db < da || (db === da && b.length > a.length) ? b : a;
  });
  const items = sentences.filter(([s, e]) => best.some(([is, ie]) => is < e && ie > s));
  const lead = leadInOf(best[0]![0]);
  const leadIn = lead && !items.some(([s]) => s === lead[0]) ? lead : null;
  return { leadIn, items, count: best.length };
}

/** Sentences marked for a list at most: the lead-in and the first items, so that a long list stays readable. */
export const LIST_MARK_BUDGET = 12;

/** The ranges to mark for a list: its lead-in and its items, within the budget. */
export function listMarks(list: ListAnswer): Array<[number, number]> {
  const lead = list.leadIn ? [list.leadIn] : [];
  return [...lead, ...list.items.slice(0, LIST_MARK_BUDGET - lead.length)];
}

/**
 * The kind of item a question asks several of (`突出抓好哪些重点群体就业` → 重点群体,
 * `搶抓哪些消費節點` → 消费节点, `重点群体有哪些` → 重点群体), simplified; null when it
 * asks for none or names no kind. The noun right after 哪些/哪几 (a second word joined
 * when it is a noun too: 重点+群体, not 地方+调研), else the one right before `(有|是|包括)哪些`.
 */
export function askedItemKind(question: string): string | null {
  const norm = normalizeForMatch(question);
  const after = /哪(?:些|几)(?:个|项|种|类|位|家|方面)?(\p{Script=Han}{2,})/u.exec(norm);
  const nounish = (tag: string) => tag.startsWith('n') || tag === 'vn' || tag === 'j';
  if (after) {
    const words = taggedWords(after[1]!);
    if (words[0] && nounish(words[0].tag) && [...words[0].word].length >= 2) {
      const second = words[1] && words[1].tag.startsWith('n') ? words[1].word : '';
      return words[0].word + second;
    }
  }
  const before = /(\p{Script=Han}{2,}?)(?:主要|具体|都|分别)?(?:有|是|包括|包含)?哪些/u.exec(norm);
  if (before) {
    const words = taggedWords(before[1]!);
    const last = words[words.length - 1];
    if (last && last.tag.startsWith('n') && [...last.word].length >= 2) {
      const prev = words[words.length - 2];
      return (prev && nounish(prev.tag) ? prev.word : '') + last.word;
    }
  }
  return null;
}

/** Characters of one clause group (within a sentence) between an enumeration and its kind. */
const ITEMS_REACH = 40;

/**
 * Whether a text (matching form) lists items of a kind within one sentence: items
 * joined by 、 before `等<kind>` (`高校毕业生、退役军人等重点群体`), or after the kind
 * and `包括/有/如/：` (`重点群体包括高校毕业生、退役军人`).
 */
export function listsItemsOf(kind: string, norm: string): boolean {
  for (const sentence of norm.split(/[。！？!?；;\n]/u)) {
    for (let at = sentence.indexOf(`等${kind}`); at >= 0; at = sentence.indexOf(`等${kind}`, at + 1)) {
      if (sentence.slice(Math.max(0, at - ITEMS_REACH), at).includes('、')) return true;
    }
    for (let at = sentence.indexOf(kind); at >= 0; at = sentence.indexOf(kind, at + 1)) {
      const rest = sentence.slice(at + kind.length, at + kind.length + ITEMS_REACH);
      if (/^[^、]{0,6}?(?:包括|包含|主要有|有|如|为|是|：|:)[^、]{1,20}、/u.test(rest)) return true;
    }
  }
  return false;
}
