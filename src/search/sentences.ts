import { normalizeForMatch } from '../text/normalize.js';
import { bigrams } from '../text/segment.js';

/** Sentence ends: Chinese and Latin terminators, with closing quotes/brackets that follow them. */
const SENTENCE = /[^。！？!?；;…]*(?:[。！？!?；;]+|…+|$)[”’」』）)】]*/gu;

/** [start, end) ranges of the sentences of a text, covering it whole (trailing spaces kept with their sentence). */
export function sentenceRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(SENTENCE)) {
    if (!m[0]) continue;
    const start = m.index!;
    const end = start + m[0].length;
    if (m[0].trim()) out.push([start, end]);
  }
  return out;
}

/**
 * The sentences of a passage that answer the question: scored by the query's
 * bigrams they contain, each weighted by how rare it is (`weight`). The best
 * sentence and any close to it are marked; a passage sharing no term with the
 * question (a dense-only hit) has none marked.
 */
export function answeringSentences(
  text: string,
  query: string,
  weight: (bigram: string) => number,
): Array<[number, number]> {
  const wanted = new Set(bigrams(normalizeForMatch(query)));
  const ranges = sentenceRanges(text);
  const scores = ranges.map(([s, e]) => {
    let score = 0;
    for (const b of new Set(bigrams(normalizeForMatch(text.slice(s, e))))) if (wanted.has(b)) score += weight(b);
    return score;
  });
  const best = Math.max(0, ...scores);
  if (best <= 0) return [];
  return ranges.filter((_, i) => scores[i]! >= best * 0.6);
}
