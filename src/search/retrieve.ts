import type { IndexData } from '../index/store.js';
import { dictionaryOf, tokensFor } from '../index/fields.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { Embedder } from '../model/embedder.js';
import type { SearchMode } from '../types.js';

export interface Ranked {
  id: number;
  score: number;
}

/** Reciprocal rank fusion constant: 60 is the value of the original paper and works without tuning. */
export const RRF_K = 60;
/** Candidates each retriever contributes to hybrid fusion. */
export const FUSION_DEPTH = { lexical: 100, dense: 100 };

/**
 * Words that make a question a question (谁/什么/哪…) and carry no topic:
 * dropped from the query's terms so they cannot outweigh the topic words.
 */
const QUESTION_WORDS = /(什么|甚么|哪些|哪个|哪里|哪儿|哪一|哪|谁|为何|为什么|怎么样|怎么|怎样|如何|多少|几个|几时|何时|何地|何处|是否|吗|呢|吧|请问|请|告诉我|有没有)/gu;

export function queryKey(query: string): string {
  return normalizeForMatch(query).replace(QUESTION_WORDS, ' ');
}

export function lexicalRank(data: IndexData, query: string, top: number, allowed?: (id: number) => boolean): Ranked[] {
  const norm = queryKey(query);
  // Segmented with the index's own user words, as its paragraphs were.
  const tokens = tokensFor(norm, norm, dictionaryOf(data));
  return data.keyword.search(tokens, top, allowed).map((h) => ({ id: h.doc, score: h.score }));
}

export function labelMap(data: IndexData): Map<number, number> {
  const map = new Map<number, number>();
  const store = data.paragraphs;
  for (let id = 0; id < store.length; id++) {
    const label = store.vector(id);
    if (label >= 0) map.set(label, id);
  }
  return map;
}

export function denseRank(
  data: IndexData,
  labels: Map<number, number>,
  queryVector: Float32Array,
  top: number,
  allowed?: (id: number) => boolean,
): Ranked[] {
  if (!data.vectors) return [];
  const filter = allowed
    ? (label: number) => {
        const id = labels.get(label);
        return id !== undefined && allowed(id);
      }
    : undefined;
  return data.vectors
    .search(queryVector, top, filter)
    .map((h) => ({ id: labels.get(h.label) ?? -1, score: h.similarity }))
    .filter((r) => r.id >= 0);
}

/** Reciprocal rank fusion: robust to the two retrievers' incomparable scores. */
export function fuse(lists: Ranked[][], k = RRF_K): Ranked[] {
  const scores = new Map<number, number>();
  for (const list of lists) {
    list.forEach((r, rank) => scores.set(r.id, (scores.get(r.id) ?? 0) + 1 / (k + rank + 1)));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id - b.id);
}

/**
 * Adjacent-character pairs of a paragraph's matching text (so a reprint in
 * the other script matches too), as sorted distinct numbers in a typed array:
 * built and compared several times faster than a Set (whose numbers past
 * 2^31, most pairs of CJK characters, are each an allocation).
 */
function shingles(t: string): Uint32Array {
  const codes = new Uint32Array(Math.max(t.length - 1, 0));
  for (let i = 1; i < t.length; i++) codes[i - 1] = ((t.charCodeAt(i - 1) << 16) | t.charCodeAt(i)) >>> 0;
  codes.sort();
  let n = 0;
  for (let i = 0; i < codes.length; i++) if (n === 0 || codes[i] !== codes[n - 1]) codes[n++] = codes[i]!;
  return codes.subarray(0, n);
}

/**
 * Whether the Jaccard similarity of two sorted sets reaches `threshold`. Stops
 * as soon as too many elements of the smaller set are missing from the larger
 * one, which for unrelated paragraphs (nearly all pairs) is after a few.
 */
function similarAtLeast(a: Uint32Array, b: Uint32Array, threshold: number): boolean {
  if (!a.length && !b.length) return false;
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  // inter / (|a| + |b| − inter) ≥ t  ⇔  inter ≥ t·(|a| + |b|) / (1 + t)
  const needed = Math.ceil((threshold * (a.length + b.length)) / (1 + threshold) - 1e-9);
  const allowedMisses = small.length - needed;
  if (allowedMisses < 0) return false;
  let misses = 0;
  let j = 0;
  for (let i = 0; i < small.length; i++) {
    const x = small[i]!;
    while (j < large.length && large[j]! < x) j++;
    if ((j === large.length || large[j] !== x) && ++misses > allowedMisses) return false;
  }
  return true;
}

/**
 * Drops paragraphs that repeat one already ranked higher (reprints, a caption
 * repeating the lead): Jaccard similarity of character-pair sets at or above `threshold`.
 */
export function dropNearDuplicates(data: IndexData, ranked: Ranked[], limit: number, threshold = 0.85): Ranked[] {
  const kept: Ranked[] = [];
  const keptShingles: Uint32Array[] = [];
  for (const r of ranked) {
    const s = shingles(data.paragraphs.norm(r.id));
    const duplicate = keptShingles.some((k) => similarAtLeast(s, k, threshold));
    if (duplicate) continue;
    kept.push(r);
    keptShingles.push(s);
    if (kept.length >= limit) break;
  }
  return kept;
}

export interface RetrieveOptions {
  mode: SearchMode;
  top: number;
  allowed?: (id: number) => boolean;
}

/** Ranked paragraph ids for a query in the given mode (the caller checks the mode is available). */
export async function retrieve(
  data: IndexData,
  labels: Map<number, number>,
  embedder: Embedder | null,
  query: string,
  o: RetrieveOptions,
): Promise<Ranked[]> {
  const depth = o.top * 3;
  let ranked: Ranked[];
  if (o.mode === 'lexical' || !embedder) {
    ranked = lexicalRank(data, query, depth, o.allowed);
  } else {
    const vector = await embedder.embedQuery(query);
    if (o.mode === 'dense') ranked = denseRank(data, labels, vector, depth, o.allowed);
    else {
      const dense = denseRank(data, labels, vector, Math.max(depth, FUSION_DEPTH.dense), o.allowed);
      ranked = fuse([lexicalRank(data, query, Math.max(depth, FUSION_DEPTH.lexical), o.allowed), dense]);
    }
  }
  return dropNearDuplicates(data, ranked, o.top);
}
