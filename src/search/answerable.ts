import { dictionaryOf } from '../index/fields.js';
import type { IndexData } from '../index/store.js';
import { normalizeForMatch } from '../text/normalize.js';
import { coverage, questionTerms, termPresence, type QueryTerm } from './question-terms.js';

/**
 * Share of the question's informative weight (squared IDF of its words,
 * names, numbers and Latin words) the best passage must hold for the corpus to count as answering it.
 * Chosen on the development sets SQuAD-2.0 style (`npm run eval:abstain`):
 * each question as given, and again with its gold context left out; 0.30 is
 * the highest threshold refusing at most 2% of the answerable ones.
 */
export const ANSWER_COVERAGE = 0.3;

export interface Judgement {
  answered: boolean;
  /** Weighted share of the question's terms the best passage holds (0–1). */
  coverage: number;
  terms: QueryTerm[];
}

/** The matching text of a paragraph with its article's title: a title often names what the paragraph leaves implicit. */
export function passageKey(data: IndexData, id: number): string {
  const p = data.paragraphs.get(id);
  const a = data.documents[p.doc]!.articles[p.article]!;
  return a.titleInferred ? p.norm : `${p.norm}\n${normalizeForMatch(a.title)}`;
}

/**
 * Whether the best-ranked passage answers the question: it must hold enough of
 * the question's informative terms, and every Latin word of it (`GDP`, `IGBT`):
 * a passage about another measure does not answer, however much else it shares.
 * (Requiring numbers too refused more answerable questions, whose passages
 * write them another way, and caught fewer unanswerable ones: bench/RESULTS.md.)
 */
export function judge(terms: QueryTerm[], bestKey: string | null): Judgement {
  if (bestKey === null) return { answered: false, coverage: 0, terms };
  const c = coverage(terms, bestKey);
  const exact = terms.every((t) => t.kind !== 'latin' || termPresence(t, bestKey) === 1);
  return { answered: exact && c >= ANSWER_COVERAGE, coverage: exact ? c : 0, terms };
}

/** The question's informative terms, weighted in this index. */
export function termsFor(data: IndexData, question: string): QueryTerm[] {
  return questionTerms(data.keyword, data.paragraphs.length, question, dictionaryOf(data));
}
