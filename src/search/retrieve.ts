import type { IndexData } from '../index/store.js';
import { mergeParts, searchParts, type FieldTokens, type KeywordHit } from '../index/keyword.js';
import type { KeywordThread } from '../index/keyword-thread.js';
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

/** The query's terms per keyword field, segmented with the index's own user words, as its paragraphs were. */
function queryTokens(data: IndexData, query: string): FieldTokens {
  const norm = queryKey(query);
  return tokensFor(norm, norm, dictionaryOf(data));
}

export function lexicalRank(data: IndexData, query: string, top: number, allowed?: (id: number) => boolean): Ranked[] {
  return data.keyword.search(queryTokens(data, query), top, allowed).map((h) => ({ id: h.doc, score: h.score }));
}

/**
 * How much deeper than asked the scoring thread ranks when results are
 * filtered afterwards (`allowed`): the filtered ranking is the allowed
 * prefix of the unfiltered one, exact while that prefix is long enough.
 */
const FILTER_SLACK = 16;

/**
 * `lexicalRank` started on the scoring thread (keyword-thread.ts), to be
 * collected once this thread has searched the graph. Ranked here, from the
 * same plans, when the thread cannot take it, could not answer, or too few
 * of its hits are `allowed`.
 */
function lexicalRankOnThread(thread: KeywordThread, data: IndexData, query: string, top: number, allowed?: (id: number) => boolean): { collect(): Ranked[] } {
  const parts = data.keyword.plans(queryTokens(data, query));
  const ranked = (hits: KeywordHit[]) => hits.map((h) => ({ id: h.doc, score: h.score }));
  const here = () => ranked(searchParts(parts, top, allowed));
  const deeper = allowed ? top + FILTER_SLACK : top;
  const asked = thread.ask(parts, deeper);
  return {
    collect: () => {
      const hits = asked?.collect();
      if (!hits) return here();
      const merged = mergeParts(parts, hits, deeper);
      const kept = allowed ? merged.filter((h) => allowed(h.doc)) : merged;
      // Fewer than `deeper` ranked means every document with a score was: then the filtered list is whole.
      if (kept.length < top && merged.length === deeper) return here();
      return ranked(kept.slice(0, top));
    },
  };
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
 * The distinct adjacent-character pairs of a paragraph's matching text (so a
 * reprint in the other script matches too), each pair one number: `keys` in
 * the order first met, and an open-addressing hash table of them for look-ups.
 * Built in one pass, about twice as fast as sorting the pairs, and several
 * times faster than a Set (whose numbers past 2^31, most pairs of CJK
 * characters, are each an allocation). 0 marks an empty slot: a pair of two
 * NUL characters, the only pair numbered 0, never occurs in normalised text.
 */
interface PairSet {
  keys: Uint32Array;
  table: Uint32Array;
  mask: number;
}

/**
 * Memory for the pair sets of one `dropNearDuplicates` call, reused by the
 * next: a few dozen fresh typed arrays per question, each with its own
 * buffer outside the heap, cost more to allocate and collect than to fill.
 */
class PairArena {
  private memory = new Uint32Array(1 << 14);
  private used = 0;

  reset(): void {
    this.used = 0;
  }

  /** `n` zeroed numbers, valid until the next `reset`. */
  take(n: number): Uint32Array {
    if (this.used + n > this.memory.length) {
      // Views already handed out keep the old buffer; later ones come from a larger one.
      this.memory = new Uint32Array(Math.max(2 * this.memory.length, 2 * n));
      this.used = 0;
    }
    const view = this.memory.subarray(this.used, this.used + n);
    this.used += n;
    return view.fill(0);
  }
}

const arena = new PairArena();

function pairSet(t: string): PairSet {
  const n = Math.max(t.length - 1, 0);
  let capacity = 16;
  while (capacity < 2 * n) capacity <<= 1;
  const table = arena.take(capacity);
  const mask = capacity - 1;
  const keys = arena.take(n);
  let k = 0;
  for (let i = 1; i < t.length; i++) {
    const pair = ((t.charCodeAt(i - 1) << 16) | t.charCodeAt(i)) >>> 0;
    for (let h = (Math.imul(pair, 0x9e3779b1) >>> 0) & mask; ; h = (h + 1) & mask) {
      const slot = table[h]!;
      if (slot === pair) break;
      if (slot === 0) {
        table[h] = pair;
        keys[k++] = pair;
        break;
      }
    }
  }
  return { keys: keys.subarray(0, k), table, mask };
}

function holds(set: PairSet, pair: number): boolean {
  for (let h = (Math.imul(pair, 0x9e3779b1) >>> 0) & set.mask; ; h = (h + 1) & set.mask) {
    const slot = set.table[h]!;
    if (slot === pair) return true;
    if (slot === 0) return false;
  }
}

/**
 * Whether the Jaccard similarity of two pair sets reaches `threshold`. Stops
 * as soon as too many pairs of the smaller set are missing from the larger
 * one, which for unrelated paragraphs (nearly all pairs) is after a few.
 */
function similarAtLeast(a: PairSet, b: PairSet, threshold: number): boolean {
  if (!a.keys.length && !b.keys.length) return false;
  const [small, large] = a.keys.length <= b.keys.length ? [a, b] : [b, a];
  // inter / (|a| + |b| − inter) ≥ t  ⇔  inter ≥ t·(|a| + |b|) / (1 + t)
  const needed = Math.ceil((threshold * (a.keys.length + b.keys.length)) / (1 + threshold) - 1e-9);
  const allowedMisses = small.keys.length - needed;
  if (allowedMisses < 0) return false;
  let misses = 0;
  for (let i = 0; i < small.keys.length; i++) if (!holds(large, small.keys[i]!) && ++misses > allowedMisses) return false;
  return true;
}

/**
 * Drops paragraphs that repeat one already ranked higher (reprints, a caption
 * repeating the lead): Jaccard similarity of character-pair sets at or above `threshold`.
 */
export function dropNearDuplicates(data: IndexData, ranked: Ranked[], limit: number, threshold = 0.85): Ranked[] {
  const kept: Ranked[] = [];
  const keptPairs: PairSet[] = [];
  arena.reset();
  for (const r of ranked) {
    const pairs = pairSet(data.paragraphs.norm(r.id));
    if (keptPairs.some((k) => similarAtLeast(pairs, k, threshold))) continue;
    kept.push(r);
    keptPairs.push(pairs);
    if (kept.length >= limit) break;
  }
  return kept;
}

export interface RetrieveOptions {
  mode: SearchMode;
  top: number;
  allowed?: (id: number) => boolean;
  /**
   * Scores the keywords of a hybrid search while this thread searches the graph; for an `allowed` that lets
   * nearly everything through (a restrictive filter would send the search back to this thread).
   */
  keywordThread?: KeywordThread;
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
      const lexicalDepth = Math.max(depth, FUSION_DEPTH.lexical);
      const onThread = o.keywordThread && lexicalRankOnThread(o.keywordThread, data, query, lexicalDepth, o.allowed);
      const dense = denseRank(data, labels, vector, Math.max(depth, FUSION_DEPTH.dense), o.allowed);
      ranked = fuse([onThread ? onThread.collect() : lexicalRank(data, query, lexicalDepth, o.allowed), dense]);
    }
  }
  return dropNearDuplicates(data, ranked, o.top);
}
