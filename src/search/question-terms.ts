import nodejieba from 'nodejieba';
import type { KeywordSearch } from '../index/keyword.js';
import { normalizeForMatch } from '../text/normalize.js';
import { bigrams, NO_USER_WORDS, type UserDictionary } from '../text/segment.js';
import { queryKey } from './retrieve.js';

/** A word of the question that says what it is about, weighted by how rare it is in the corpus. */
export interface QueryTerm {
  /** Simplified, lower-case form, as in the paragraphs' matching text. */
  term: string;
  weight: number;
  /** Numbers and Latin words are matched whole; a Han word may match in part (its bigrams). */
  kind: 'han' | 'number' | 'latin';
}

const HAN = /\p{Script=Han}/u;
const NUMBER = /^\d+(?:\.\d+)?%?$/;
const LATIN = /^[a-z][a-z0-9.'-]*$/;

/**
 * What kind of answer is wanted (什么地方, 哪一年, 什么时候), not what it is about: the
 * answer's words are not the question's. Removed along with the question words.
 */
export const ANSWER_TYPE = /(?:什么|甚么|哪些|哪个|哪一|哪|何)(?:地方|时候|时间)|几\p{Script=Han}|多(?:久|长|大|高|远|重|深|宽|厚)/gu;

/**
 * A single character is weak evidence (去 for 来到, 赴, 前往; a character of an unknown word):
 * it counts at this share of its IDF. Measured with `npm run eval:abstain`.
 */
const SINGLE_CHARACTER = 0.5;

/** Single characters that only build sentences (particles, copulas, measure words); they say nothing about the topic. */
export const FUNCTION_CHARS: ReadonlySet<string> = new Set([...'的了在是和与及或等也就都而对把被从向于以之其这那有为着个上下中们吗呢吧啊么所将由到给让使该各每此又再还并即']);

/**
 * The question's informative terms: jieba words of its matching key (question
 * words such as 什么/哪里 already removed), numbers and Latin words, each
 * weighted by its inverse document frequency in the index. A word the corpus
 * never contains gets the highest weight there is: nothing can cover it.
 */
export function questionTerms(keyword: KeywordSearch, docCount: number, query: string, dictionary: UserDictionary = NO_USER_WORDS): QueryTerm[] {
  const unseen = Math.log(1 + (docCount + 0.5) / 0.5);
  const out = new Map<string, QueryTerm>();
  // People's names are whole words, as in the index; jieba's precise mode cuts the rest.
  const tokens = recutSlips(
    dictionary
      .split(queryKey(normalizeForMatch(query).replace(ANSWER_TYPE, ' ')))
      .flatMap((part) => (part.word ? [part.text] : nodejieba.cut(part.text, true))),
    (w) => keyword.idf('word', w) > 0,
  );
  for (const raw of tokens) {
    const t = raw.trim();
    if (!t || out.has(t)) continue;
    if (HAN.test(t)) {
      if (!/^\p{Script=Han}+$/u.test(t)) continue;
      if ([...t].length === 1) {
        if (FUNCTION_CHARS.has(t)) continue;
        out.set(t, { term: t, weight: SINGLE_CHARACTER * (keyword.idf('char', t) || unseen), kind: 'han' });
        continue;
      }
      const byWord = keyword.idf('word', t);
      if (byWord) {
        out.set(t, { term: t, weight: byWord, kind: 'han' });
        continue;
      }
      // Not even its character pairs occur anywhere: something the corpus never mentions (房价, 高考).
      if (!bigrams(t).some((b) => keyword.idf('bigram', b) > 0)) {
        out.set(t, { term: t, weight: unseen, kind: 'han' });
        continue;
      }
      // Never a word of the corpus but its pairs occur: a segmentation slip across words (城一役).
      // Its characters still say something; the whole word is not required.
      for (const c of t) {
        if (!FUNCTION_CHARS.has(c) && !out.has(c)) out.set(c, { term: c, weight: SINGLE_CHARACTER * (keyword.idf('char', c) || unseen), kind: 'han' });
      }
    } else if (NUMBER.test(t)) {
      out.set(t, { term: t, weight: keyword.idf('bigram', t) || unseen, kind: 'number' });
    } else if (LATIN.test(t) && t.length > 1) {
      out.set(t, { term: t, weight: keyword.idf('bigram', t) || unseen, kind: 'latin' });
    }
  }
  return [...out.values()];
}

/**
 * jieba's cut with its slips at a word's edge mended by the corpus's own words: where a word of three or more
 * characters meets a token the corpus does not hold as a word, and the character on either side of the edge
 * makes a word with the next one, the cut moves by that character when what is left of the long word is a word
 * too (湖南省 / 长是 → 湖南 / 省长 / 是 in 湖南省长是谁: 省长 is what is asked about, 长是 is nothing). Only
 * where the index holds both words, so a cut the corpus does not bear out stays jieba's.
 */
export function recutSlips(tokens: string[], isWord: (w: string) => boolean): string[] {
  const out = [...tokens];
  const long = (t: string) => /^\p{Script=Han}{3,}$/u.test(t);
  const loose = (t: string) => /^\p{Script=Han}+$/u.test(t) && ([...t].length === 1 || !isWord(t));
  for (let i = 0; i + 1 < out.length; i++) {
    const [a, b] = [out[i]!, out[i + 1]!];
    if (long(a) && loose(b) && isWord(a.slice(-1) + b[0]) && isWord(a.slice(0, -1))) {
      out.splice(i, 2, ...[a.slice(0, -1), a.slice(-1) + b[0], b.slice(1)].filter(Boolean));
    } else if (loose(a) && long(b) && isWord(a.slice(-1) + b[0]) && isWord(b.slice(1))) {
      out.splice(i, 2, ...[a.slice(0, -1), a.slice(-1) + b[0], b.slice(1)].filter(Boolean));
    }
  }
  return out;
}

/** How much of a term a text holds: 1 when whole; for a Han word of 3+ characters, the share of its bigrams. */
export function termPresence(term: QueryTerm, norm: string): number {
  if (norm.includes(term.term)) return 1;
  if (term.kind !== 'han') return 0;
  const parts = bigrams(term.term);
  if (parts.length < 2) return 0;
  return parts.filter((b) => norm.includes(b)).length / parts.length;
}

/**
 * Weighted share of the question's terms a text holds, 0–1 (1 for a question
 * with no informative term). Each term counts by its IDF squared, so the rare
 * words that name what is asked about (a person, a place, a number) weigh far
 * more than common ones: measured on the dev sets (`npm run eval:abstain`),
 * squared IDF told answerable from unanswerable questions better than IDF
 * (CMRC 300-question subset, refusing 2% of answerable ones: 92% vs 81% of unanswerable ones refused; bench/RESULTS.md).
 */
export function coverage(terms: QueryTerm[], norm: string): number {
  let total = 0;
  let held = 0;
  for (const t of terms) {
    const w = t.weight * t.weight;
    total += w;
    held += w * termPresence(t, norm);
  }
  return total > 0 ? held / total : 1;
}

/** Quarters and halves of a year (一季度, 第1季度, 前三季度, 上半年), as written in the matching form. */
const PERIOD = /前[二两三]季度|第?[一二三四1-4]季度|[上下]半年/gu;
const QUARTER_DIGIT: Record<string, string> = { '1': '一', '2': '二', '3': '三', '4': '四' };

/**
 * The parts of a year a question names, each as the spellings a passage may hold it in (一季度 or 1季度):
 * like another year's, another quarter's figure does not answer it (湖南一季度经济增长多少 is not
 * answered by a 二季度 target). `question` is in matching form (simplified: 前兩季度 → 前两季度).
 */
export function periodsOf(question: string): string[][] {
  if (!/季度|半年/u.test(question)) return [];
  const found = new Set(
    (question.match(PERIOD) ?? []).map((p) => p.replace(/^第/u, '').replace(/[1-4]/u, (d) => QUARTER_DIGIT[d]!)),
  );
  return [...found].map((p) => {
    const digit = Object.entries(QUARTER_DIGIT).find(([, han]) => p.startsWith(han))?.[0];
    return digit ? [p, digit + p.slice(1)] : [p];
  });
}

/** Whether a passage's matching text holds every part of a year the question names. */
export function holdsPeriods(periods: string[][], key: string): boolean {
  return periods.every((spellings) => spellings.some((s) => key.includes(s)));
}

/**
 * Units a quantity can be given in, by what they measure: a question asking 多少米 is answered by a figure in
 * metres or kilometres, not by a date or a count of companies. As written in the matching form (simplified).
 */
const UNIT_KINDS: readonly string[][] = [
  ['米', '公里', '千米', '厘米', '毫米', '英尺', '英里', '海里', '光年'],
  ['平方米', '平方公里', '平方千米', '亩', '公顷', '平方英里'],
  ['吨', '公斤', '千克', '克', '斤', '磅'],
  ['元', '美元', '欧元', '日元', '英镑', '港元', '港币', '台币', '新台币', '人民币', '块'],
  ['人', '名', '位'],
  ['岁'],
  ['倍'],
  ['小时', '分钟', '秒', '天', '日', '周', '星期', '个月', '月', '年'],
];
const byLength = (units: string[]) => [...units].sort((a, b) => b.length - a.length).join('|');
const ASKED_UNIT = new RegExp(`(?:多少|几)[十百千万亿]*(${byLength(UNIT_KINDS.flat())})`, 'u');
/** A figure (digits or Chinese numerals, with 万/亿/余/多 after them) written in one of the units. */
const FIGURE_IN = new Map(UNIT_KINDS.map((units) => [units, new RegExp(`(?:\\d|[〇零一二三四五六七八九十百千万亿两数几半])[\\d.,万亿千百余多点]{0,4}(?:${byLength(units)})`, 'u')]));

/**
 * What a quantity the question asks for is measured in, when it says (多少米, 几名, 多少亿元): the units of
 * that kind, or null. `question` is in matching form.
 */
export function askedUnits(question: string): string[] | null {
  const unit = question.match(ASKED_UNIT)?.[1];
  return unit ? UNIT_KINDS.find((units) => units.includes(unit))! : null;
}

/** Whether a passage's matching text gives a figure in one of the units (any text does when none is asked). */
export function holdsFigureIn(units: string[] | null, key: string): boolean {
  return !units || FIGURE_IN.get(units)!.test(key);
}

/**
 * Years a question names (1996年, 2021): a fact of another year does not answer it. Digits only need
 * NFKC (full-width ２０２１), not the whole matching form: this runs on every search.
 */
export function yearsOf(question: string): string[] {
  if (!/[0-9０-９]/u.test(question)) return [];
  return [...new Set(question.normalize('NFKC').match(/(?<!\d)(?:1[5-9]|20)\d\d(?!\d)/gu) ?? [])];
}
