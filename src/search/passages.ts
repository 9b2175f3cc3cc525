import type { IndexData } from '../index/store.js';
import type { QueryTerm } from './question-terms.js';
import type { Ranked } from './retrieve.js';
import { answeringSentences } from './sentences.js';

/** A ranked passage with its marked sentences, before citation and display. */
export interface MarkedPassage {
  id: number;
  score: number;
  text: string;
  /** Character ranges [start, end) of the answering sentences in `text`; empty when nothing is marked. */
  ranges: Array<[number, number]>;
  sentences: string[];
}

/**
 * The passages to quote for a question: each ranked paragraph with the
 * sentences that answer it marked. `mark` false (the corpus does not answer
 * the question) leaves every passage unmarked: they are only related.
 */
export function answerPassages(data: IndexData, ranked: Ranked[], question: string, terms: QueryTerm[], mark = true): MarkedPassage[] {
  return ranked.map((r) => {
    const text = data.paragraphs[r.id]!.text;
    const ranges = mark ? answeringSentences(text, question, terms) : [];
    return { id: r.id, score: r.score, text, ranges, sentences: ranges.map(([s, e]) => text.slice(s, e)) };
  });
}
