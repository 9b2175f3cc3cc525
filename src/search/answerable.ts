import { readFileSync } from 'node:fs';
import { dictionaryOf } from '../index/fields.js';
import type { IndexData } from '../index/store.js';
import { normalizeForMatch } from '../text/normalize.js';
import { bigrams, NAME_TAGS, taggedWords } from '../text/segment.js';
import { ANSWER_TYPE, askedUnits, coverage, FUNCTION_CHARS, holdsFigureIn, holdsPeriods, periodsOf, questionTerms, termPresence, yearsOf, type QueryTerm } from './question-terms.js';
import { holdsWanted, sentenceRanges, wantedFact } from './sentences.js';

/**
 * What tells a passage that answers from one that is only about the same
 * subject (a sibling paragraph of the same article), each 0–1:
 *
 * - `coverage`: share of the question's informative weight (IDF² of its terms) the passage holds;
 * - `bigrams`: IDF-weighted share of the question's character pairs the passage holds;
 * - `sentence`: coverage by the passage's best single sentence (an answer's words sit together);
 * - `lead`: how much more coverage the passage has than the best of the next RUNNERS_UP ranked ones (a sibling shares
 *   the subject, not the rest; against the next one only, a flat top of siblings had a lead over the second from
 *   whichever of them came first);
 * - `asked`: coverage of the terms beside the question word (什么/哪/多少/谁…), the part that says what is asked;
 * - `run`: the longest run of the question's characters the passage repeats (a question often copies its answer's sentence);
 * - `wantedMissing`: 1 when the question asks for a number, date, person or place and no sentence holding the terms beside
 *   its question word has one (郴州锂电产业产值是多少: a sentence with 500万吨 but not 产值 does not say it);
 * - `inOrder`: the IDF-weighted share of the question's Han characters (question words and function characters left
 *   out) that the passage's best single sentence holds in the question's order (their longest common subsequence),
 *   at most its `coverage`: a question is often written from the sentence that answers it, in its order, while a
 *   sibling paragraph holds the subject's characters scattered over its sentences. Capped, since a name's rare
 *   characters in order are most of a short question's weight (李殿勋毕业于哪所大学 against a sentence naming only
 *   李殿勋: 0.62 in order, 0.24 coverage), and order says no more than what is held at all;
 * - `aligned`: how much of the question's Han characters (weighted as for `inOrder`) one sentence holds in the
 *   question's order within a short span: the best local alignment (Smith-Waterman), each character of the sentence
 *   skipped inside the span costing ALIGN_GAP of a question character's mean weight. Where `inOrder` takes the
 *   characters wherever the sentence has them, this prefers them near one another, as where a sentence was the
 *   question's source; not capped by coverage, which `inOrder` holds;
 * - `unseenName`: 1 when the question names a place, person or organisation (jieba's part-of-speech tags) that no
 *   passage of the corpus holds (one of its character pairs is in none: 湖北省 asked of a corpus about 湖南). Not a
 *   rule of its own: jieba tags some common words as names (欢庆, 开山鼻祖), and a name is spelt otherwise in its
 *   context at times (苏利南, 索马利亚): it fires on 0.2–1.3% of the dev sets' answerable questions (13–29% of the
 *   unanswerable ones), and as a rule, even for places and organisations alone, it spent more of the 2% refusal budget
 *   than it caught (bench/RESULTS.md).
 */
export const FEATURES = ['coverage', 'bigrams', 'sentence', 'lead', 'asked', 'run', 'wantedMissing', 'unseenName', 'inOrder', 'aligned'] as const;
export type FeatureName = (typeof FEATURES)[number];
export type Features = Record<FeatureName, number>;

/**
 * A logistic model over the features, fitted on the development sets by
 * `bench/fit-abstain.ts` (weights, the threshold and how they were chosen are
 * in abstain-model.json): the corpus answers when the model's probability
 * reaches the threshold and the passage holds every Latin word of the question.
 */
interface AbstainModel {
  features: string[];
  weights: number[];
  bias: number;
  threshold: number;
}
const MODEL: AbstainModel = JSON.parse(readFileSync(new URL('./abstain-model.json', import.meta.url), 'utf8'));
/** The model's confidence at or above which the corpus answers. */
export const ABSTAIN_THRESHOLD = MODEL.threshold;
if (MODEL.features.join() !== FEATURES.join()) throw new Error('abstain-model.json was fitted on other features: run bench/fit-abstain.ts');

export interface Judgement {
  answered: boolean;
  /** The model's probability that the best passage answers (0–1); 0 when it lacks a Latin word of the question, is under the coverage floor, or nothing was found. */
  confidence: number;
  features: Features | null;
  /** Whether the best passage holds every Latin word of the question. */
  latinHeld: boolean;
  terms: QueryTerm[];
}

/** The matching text of a paragraph with its article's title: a title often names what the paragraph leaves implicit. */
export function passageKey(data: IndexData, id: number): string {
  const p = data.paragraphs.get(id);
  const a = data.documents[p.doc]!.articles[p.article]!;
  return a.titleInferred ? p.norm : `${p.norm}\n${normalizeForMatch(a.title)}`;
}

/** Question words: the terms next to one say what is asked. */
const QUESTION_WORD = /什么|甚么|哪|谁|多少|几|何|怎|如何|是否|吗/gu;
/** Passages after the best one that its `lead` is measured against (bench/RESULTS.md: the next one only, or two, caught fewer). */
export const RUNNERS_UP = 5;
/** What a character of a sentence skipped inside an aligned span costs, as a share of a question character's mean weight. */
const ALIGN_GAP = 0.02;

/** Characters either side of a question word whose terms count as "what is asked". */
const ASKED_REACH = 6;
/** A run of this many characters shared with the question counts fully. */
const FULL_RUN = 8;

const HAN_WORD = /^\p{Script=Han}{2,}$/u;
const HAN = /\p{Script=Han}/u;

/** Terms of the question within reach of a question word; all of them when it has none. */
function askedTerms(terms: QueryTerm[], norm: string): QueryTerm[] {
  const spots = [...norm.matchAll(QUESTION_WORD)].map((m) => [m.index!, m.index! + m[0].length] as const);
  if (!spots.length) return terms;
  const near = terms.filter((t) => {
    for (let at = norm.indexOf(t.term); at >= 0; at = norm.indexOf(t.term, at + 1)) {
      const end = at + t.term.length;
      if (spots.some(([s, e]) => at < e + ASKED_REACH && end > s - ASKED_REACH)) return true;
    }
    return false;
  });
  return near.length ? near : terms;
}

/** Length of the longest run of Han characters of `a` that `b` also holds. */
function longestSharedRun(a: string, b: string): number {
  let best = 0;
  const chars = [...a];
  for (let i = 0; i < chars.length; i++) {
    if (!/\p{Script=Han}/u.test(chars[i]!)) continue;
    // Only runs longer than the best so far matter; grow while `b` holds them.
    for (let len = best + 1; i + len <= chars.length && b.includes(chars.slice(i, i + len).join('')); len++) best = len;
  }
  return best;
}

/**
 * The weight of the longest common subsequence of the characters `a` (with their weights) and the text `b`: how
 * much of `a` the text holds in `a`'s order (dynamic programming over one row).
 */
function commonSubsequence(a: Array<{ c: string; w: number }>, b: string): number {
  const bs = [...b];
  let row = new Array<number>(bs.length + 1).fill(0);
  for (const { c, w } of a) {
    const next = [0];
    for (let j = 1; j <= bs.length; j++) next[j] = c === bs[j - 1] ? row[j - 1]! + w : Math.max(row[j]!, next[j - 1]!);
    row = next;
  }
  return row[bs.length]!;
}

/**
 * The best local alignment (Smith-Waterman) of the characters `a` (with their weights) with the text `b`: a
 * character of `a` matched adds its weight, one of `a` left out costs nothing, one of `b` skipped costs `gap`.
 */
function localAlignment(a: Array<{ c: string; w: number }>, b: string, gap: number): number {
  const bs = [...b];
  let row = new Array<number>(bs.length + 1).fill(0);
  let best = 0;
  for (const { c, w } of a) {
    const next = [0];
    for (let j = 1; j <= bs.length; j++) {
      next[j] = Math.max(0, c === bs[j - 1] ? row[j - 1]! + w : 0, row[j]!, next[j - 1]! - gap);
      if (next[j]! > best) best = next[j]!;
    }
    row = next;
  }
  return best;
}

/**
 * The question's Han characters that say what it is about, in order (no question word or function character),
 * each weighted by its IDF in the index (a character the corpus never holds as the rarest): a common character
 * (业, 大) met by chance in a long sentence says little. A character of a word the corpus never holds (大学 asked of
 * a corpus without it) weighs as the rarest too, as the word does in `coverage`: its characters are common, the
 * thing asked about is not there (李殿勋毕业于哪所大学 against a sentence naming only 李殿勋).
 */
function orderedCharacters(data: IndexData, norm: string, terms: QueryTerm[], unseen: number): Array<{ c: string; w: number }> {
  const weightAt = new Map<number, number>();
  for (const t of terms) {
    if (t.kind !== 'han' || t.weight < unseen || [...t.term].length < 2) continue;
    for (let at = norm.indexOf(t.term); at >= 0; at = norm.indexOf(t.term, at + 1)) for (let i = at; i < at + t.term.length; i++) weightAt.set(i, unseen);
  }
  const asking = new Set<number>();
  for (const m of [...norm.matchAll(QUESTION_WORD), ...norm.matchAll(ANSWER_TYPE)]) for (let i = m.index!; i < m.index! + m[0].length; i++) asking.add(i);
  const out: Array<{ c: string; w: number }> = [];
  let at = 0;
  for (const c of norm) {
    if (!asking.has(at) && HAN.test(c) && !FUNCTION_CHARS.has(c)) out.push({ c, w: weightAt.get(at) ?? (data.keyword.idf('char', c) || unseen) });
    at += c.length;
  }
  return out;
}

/** The places, people and organisations a normalised question names (jieba's name tags; two Han characters or more). */
export function questionNames(norm: string): string[] {
  return taggedWords(norm)
    .filter((t) => NAME_TAGS.has(t.tag) && HAN_WORD.test(t.word))
    .map((t) => t.word);
}

/** Whether the question names a place, person or organisation with a character pair no passage of the corpus holds. */
function namesUnseen(data: IndexData, norm: string): boolean {
  return questionNames(norm).some((name) => bigrams(name).some((b) => data.keyword.idf('bigram', b) === 0));
}

/** The features of the best passage (`keys[0]`) for the question, against the next ranked ones (up to RUNNERS_UP). */
export function answerFeatures(data: IndexData, terms: QueryTerm[], question: string, keys: string[]): Features {
  const norm = normalizeForMatch(question);
  const best = keys[0]!;
  const others = keys.slice(1, 1 + RUNNERS_UP);
  // A pair the corpus never holds weighs as the rarest pair there is (bench/RESULTS.md: it weighed least before, which
  // caught fewer unanswerable questions once the bench's unanswerable questions met unknown words as a reader's do).
  const unseen = Math.log(1 + (data.paragraphs.length + 0.5) / 0.5);
  const pairs = [...new Set(bigrams(norm).filter((b) => [...b].length === 2))].map((b) => ({ b, w: data.keyword.idf('bigram', b) || unseen }));
  const pairTotal = pairs.reduce((s, p) => s + p.w, 0);
  const pairShare = (text: string) => (pairTotal ? pairs.reduce((s, p) => s + (text.includes(p.b) ? p.w : 0), 0) / pairTotal : 1);
  const sentences = sentenceRanges(best).map(([s, e]) => best.slice(s, e));
  const sentenceCover = sentences.map((s) => coverage(terms, s));
  const c = coverage(terms, best);
  const wanted = wantedFact(norm);
  const asked = askedTerms(terms, norm);
  const ordered = orderedCharacters(data, norm, terms, unseen);
  const orderedTotal = ordered.reduce((sum, o) => sum + o.w, 0);
  const gap = ordered.length ? (ALIGN_GAP * orderedTotal) / ordered.length : 0;
  return {
    coverage: c,
    bigrams: pairShare(best),
    sentence: Math.max(0, ...sentenceCover),
    lead: Math.max(0, c - Math.max(0, ...others.map((k) => coverage(terms, k)))),
    asked: coverage(asked, best),
    run: Math.min(longestSharedRun(norm.replace(QUESTION_WORD, ' '), best), FULL_RUN) / FULL_RUN,
    wantedMissing: wanted && !sentences.some((s) => holdsWanted(s, wanted) && asked.some((t) => termPresence(t, s) > 0)) ? 1 : 0,
    unseenName: namesUnseen(data, norm) ? 1 : 0,
    inOrder: Math.min(c, orderedTotal ? Math.max(0, ...sentences.map((s) => commonSubsequence(ordered, s))) / orderedTotal : 1),
    aligned: orderedTotal ? Math.max(0, ...sentences.map((s) => localAlignment(ordered, s, gap))) / orderedTotal : 1,
  };
}

/** How much of what the question asks (its terms beside the question word) a text holds (0–1; IDF² weighted). */
export function askedCoverage(terms: QueryTerm[], question: string, text: string): number {
  return coverage(askedTerms(terms, normalizeForMatch(question)), text);
}

/**
 * Below this coverage a passage never answers, whatever the model says: a
 * floor under the model, which weighs the question's character pairs more
 * than its words, so that a passage holding little but the name asked about
 * (毛伟明 for 毛伟明的妻子是谁) is not taken for an answer.
 */
export const COVERAGE_FLOOR = 0.2;

/** The model's probability that a passage with these features answers. */
export function confidence(f: Features): number {
  let z = MODEL.bias;
  FEATURES.forEach((name, i) => (z += MODEL.weights[i]! * f[name]));
  return 1 / (1 + Math.exp(-z));
}

/**
 * Whether the best-ranked passage answers the question: the features above,
 * combined by the fitted model, and every Latin word of the question (`GDP`,
 * `IGBT`), every year and every quarter or half of a year it names (2021,
 * 一季度, 上半年) in the passage, and a figure in the unit it asks for (多少米:
 * metres or kilometres): a passage about another measure or another
 * period does not answer, however much else it shares. `keys` are the matching texts of the ranked
 * passages, best first: the first is judged against the next RUNNERS_UP.
 * (Judging the first two and answering when either passes caught fewer
 * unanswerable questions: bench/RESULTS.md.)
 */
export function judge(data: IndexData, terms: QueryTerm[], question: string, keys: string[]): Judgement {
  if (!keys.length) return { answered: false, confidence: 0, features: null, latinHeld: false, terms };
  const features = answerFeatures(data, terms, question, keys);
  const norm = normalizeForMatch(question);
  const latinHeld =
    terms.every((t) => t.kind !== 'latin' || termPresence(t, keys[0]!) === 1) &&
    yearsOf(question).every((y) => keys[0]!.includes(y)) &&
    holdsPeriods(periodsOf(norm), keys[0]!) &&
    holdsFigureIn(askedUnits(norm), keys[0]!);
  const p = latinHeld && features.coverage >= COVERAGE_FLOOR ? confidence(features) : 0;
  return { answered: p >= ABSTAIN_THRESHOLD, confidence: p, features, latinHeld, terms };
}

/**
 * The judgement of each of the first `shown` passages of `keys` (the matching texts of the retrieved passages,
 * in retrieval order), each judged as `judge` judges the first: against the other retrieved passages (the next
 * RUNNERS_UP of them, in retrieval order). The first's is `judge`'s own: `first` when it was made already (a
 * judgement is most of an answer's time after retrieval). What `preferJudged` (rank.ts) puts a surer passage
 * first by: a report's lead paragraph, which repeats the question's subject, is often ranked above the paragraph
 * that answers it.
 */
export function judgeEach(data: IndexData, terms: QueryTerm[], question: string, keys: string[], shown: number, first?: Judgement): Judgement[] {
  return keys.slice(0, shown).map((key, i) => (i === 0 && first ? first : judge(data, terms, question, [key, ...keys.filter((_, j) => j !== i)])));
}

/**
 * Whether a passage holds every number the question gives (6月14日, 2025年): a passage about
 * another day or year is not the answer to this one. Not a condition of the judgement itself: on
 * the dev sets it refused 3.1% of DRCD's answerable questions (years alone 2.5%), past the 2% budget.
 */
export function holdsEveryNumber(terms: QueryTerm[], key: string): boolean {
  return terms.every((t) => t.kind !== 'number' || termPresence(t, key) === 1);
}

/** The question's informative terms, weighted in this index. */
export function termsFor(data: IndexData, question: string): QueryTerm[] {
  return questionTerms(data.keyword, data.paragraphs.length, question, dictionaryOf(data));
}
