/**
 * BM25 keyword index with separately normalised fields (BM25F-style sum of
 * per-field BM25 scores, each with its own weight). Postings live in typed
 * arrays after `freeze()`: compact in memory, fast to score, and written to disk
 * as raw buffers so loading does not re-tokenise anything.
 */

export interface FieldOptions {
  name: string;
  /** Multiplier of this field's BM25 score. */
  weight: number;
  /**
   * Query terms found in more than this share of the documents, and in more
   * than 1,000 of them, are skipped in this field (default 1: none): the
   * corpus's own stop words, too common to tell paragraphs apart.
   */
  maxDocShare?: number;
}

export interface KeywordIndexOptions {
  /** Term-frequency saturation. */
  k1: number;
  /** Length normalisation strength. */
  b: number;
  fields: FieldOptions[];
}

export const DEFAULT_KEYWORD_OPTIONS: KeywordIndexOptions = {
  k1: 1.2,
  b: 0.75,
  fields: [
    { name: 'bigram', weight: 1 },
    // Character unigrams: each match says little (low idf), so the weight is high; measured on the dev sets
    // (npm run eval), 1.2–2.0 lifted R@1 everywhere and 3.0 started to lose. A character in over half the
    // paragraphs is skipped: at 100,000 paragraphs those were 43% of the postings a question scanned, and
    // CMRC's questions among 100,000 distractors (npm run bench:scale) kept R@1 0.937 and MRR@10 within 0.0004.
    { name: 'char', weight: 2, maxDocShare: 0.5 },
    { name: 'word', weight: 0.6 },
    { name: 'title', weight: 0.3 },
  ],
};

const MAX_TF = 255;

/** Lists this short are always scored, whatever `maxDocShare` says: skipping only pays on large corpora. */
const ALWAYS_SCORED_DF = 1000;

interface FrozenField {
  terms: Map<string, number>;
  /** Per term id, where its postings start in `tfs` (and how many: the next offset); length = terms + 1. */
  offsets: Uint32Array;
  /** Per term id, where its document ids start in `gaps`; length = terms + 1. */
  starts: Uint32Array;
  /**
   * Document ids of each list in ascending order as gaps from the previous one
   * (the first from 0), LEB128 varints: about 1.3 bytes a posting instead of 4.
   */
  gaps: Uint8Array;
  /** Term frequencies, capped at 255: BM25 saturates long before (tf 255 scores within 1% of tf ∞ at k1 1.2). */
  tfs: Uint8Array;
  lengths: Float32Array;
  avgLength: number;
}

/** Writes posting lists, term by term in id order, into the compact arrays of a FrozenField. */
class PostingsWriter {
  readonly offsets: Uint32Array;
  readonly starts: Uint32Array;
  readonly tfs: Uint8Array;
  private gaps: Uint8Array;
  private bytes = 0;
  private postings = 0;
  private terms = 0;

  constructor(termCount: number, postingCount: number) {
    this.offsets = new Uint32Array(termCount + 1);
    this.starts = new Uint32Array(termCount + 1);
    this.tfs = new Uint8Array(postingCount);
    this.gaps = new Uint8Array(Math.max(16, postingCount * 2));
  }

  /** The next term's list: `n` postings, documents ascending. */
  add(docs: ArrayLike<number>, tfs: ArrayLike<number>, n: number): void {
    if (this.gaps.length - this.bytes < n * 5) {
      const grown = new Uint8Array(Math.max(this.gaps.length * 2, this.bytes + n * 5));
      grown.set(this.gaps.subarray(0, this.bytes));
      this.gaps = grown;
    }
    const gaps = this.gaps;
    let at = this.bytes;
    let previous = 0;
    for (let i = 0; i < n; i++) {
      const doc = docs[i]!;
      let gap = doc - previous;
      previous = doc;
      while (gap >= 0x80) {
        gaps[at++] = (gap & 0x7f) | 0x80;
        gap >>>= 7;
      }
      gaps[at++] = gap;
      this.tfs[this.postings + i] = tfs[i]!;
    }
    this.bytes = at;
    this.postings += n;
    this.terms++;
    this.offsets[this.terms] = this.postings;
    this.starts[this.terms] = this.bytes;
  }

  finish(): Pick<FrozenField, 'offsets' | 'starts' | 'gaps' | 'tfs'> {
    const tfs = this.postings < this.tfs.length ? this.tfs.slice(0, this.postings) : this.tfs;
    return { offsets: this.offsets, starts: this.starts, gaps: this.gaps.slice(0, this.bytes), tfs };
  }
}

/** Decodes a term's list into `docs` (ids) and returns how many there are. `search` inlines the same decoding in its hot loop. */
function readList(f: FrozenField, id: number, docs: Uint32Array): number {
  const n = f.offsets[id + 1]! - f.offsets[id]!;
  let at = f.starts[id]!;
  let doc = 0;
  for (let i = 0; i < n; i++) {
    let b = f.gaps[at++]!;
    let gap = b & 0x7f;
    for (let shift = 7; b & 0x80; shift += 7) {
      b = f.gaps[at++]!;
      gap |= (b & 0x7f) << shift;
    }
    doc += gap;
    docs[i] = doc;
  }
  return n;
}

/**
 * Puts the first `n` postings in document order when they are not: a cheap
 * check when kept documents keep their relative order, as re-indexing does.
 */
function sortPostings(docs: Uint32Array, tfs: Uint8Array, n: number): void {
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = docs[i - 1]! < docs[i]!;
  if (sorted) return;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => docs[a]! - docs[b]!);
  const d = order.map((i) => docs[i]!);
  const t = order.map((i) => tfs[i]!);
  docs.set(d);
  tfs.set(t);
}

function lengthsOf(values: ArrayLike<number>, docCount: number): { lengths: Float32Array; avgLength: number } {
  const lengths = new Float32Array(docCount);
  let sum = 0;
  for (let d = 0; d < docCount; d++) {
    lengths[d] = values[d] ?? 0;
    sum += lengths[d]!;
  }
  return { lengths, avgLength: docCount ? sum / docCount : 0 };
}

/**
 * One field while documents are being added. Postings are kept in typed
 * arrays in the order they come (a term id and a tf each, 5 bytes), not as a
 * JavaScript array per term: at a million paragraphs a field holds hundreds of
 * millions of postings, which as arrays of numbers (16+ bytes each) passed the
 * V8 heap's 4 GiB limit.
 */
class FieldBuilder {
  /** Term → builder id, in order of first appearance. */
  readonly ids = new Map<string, number>();
  lengths: number[] = [];
  /** Occurrences per builder id in the document being added; back to zero after each. */
  private counts = new Uint32Array(1024);
  /** Documents per builder id so far. */
  private dfs = new Uint32Array(1024);
  /** Builder id and tf of each posting, document after document. */
  private postingTerms = new Uint32Array(1024);
  private postingTfs = new Uint8Array(1024);
  private size = 0;
  /** The documents added, ascending, and where each one's postings end. */
  private docs: number[] = [];
  private ends: number[] = [];

  add(doc: number, tokens: string[]): void {
    this.lengths[doc] = tokens.length;
    const seen: number[] = [];
    for (const t of tokens) {
      let id = this.ids.get(t);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(t, id);
        if (id >= this.counts.length) {
          this.counts = grown(this.counts, this.counts.length * 2);
          this.dfs = grown(this.dfs, this.counts.length);
        }
      }
      if (this.counts[id]!++ === 0) seen.push(id);
    }
    if (this.size + seen.length > this.postingTerms.length) {
      const capacity = Math.max(this.postingTerms.length * 2, this.size + seen.length);
      this.postingTerms = grown(this.postingTerms, capacity);
      this.postingTfs = grown(this.postingTfs, capacity);
    }
    for (const id of seen) {
      this.postingTerms[this.size] = id;
      this.postingTfs[this.size++] = Math.min(this.counts[id]!, MAX_TF);
      this.dfs[id]!++;
      this.counts[id] = 0;
    }
    this.docs.push(doc);
    this.ends.push(this.size);
  }

  /** Every builder id's postings, documents ascending: `docs`/`tfs` from `offsets[id]` to `offsets[id + 1]`. */
  private grouped(): { offsets: Float64Array; docs: Uint32Array; tfs: Uint8Array } {
    const terms = this.ids.size;
    const offsets = new Float64Array(terms + 1);
    for (let id = 0; id < terms; id++) offsets[id + 1] = offsets[id]! + this.dfs[id]!;
    const next = offsets.slice(0, terms);
    const docs = new Uint32Array(this.size);
    const tfs = new Uint8Array(this.size);
    let p = 0;
    for (let k = 0; k < this.docs.length; k++) {
      const doc = this.docs[k]!;
      for (const end = this.ends[k]!; p < end; p++) {
        const at = next[this.postingTerms[p]!]!++;
        docs[at] = doc;
        tfs[at] = this.postingTfs[p]!;
      }
    }
    return { offsets, docs, tfs };
  }

  /** [term, list] pairs in builder id order, each list doc, tf, doc, tf, … documents ascending. */
  *entries(): Generator<[string, number[]]> {
    const { offsets, docs, tfs } = this.grouped();
    for (const [term, id] of this.ids) {
      const list: number[] = [];
      for (let i = offsets[id]!; i < offsets[id + 1]!; i++) list.push(docs[i]!, tfs[i]!);
      yield [term, list];
    }
  }

  freeze(docCount: number): FrozenField {
    const { offsets, docs, tfs } = this.grouped();
    // What was added is in `docs`/`tfs` now: let it go before the compact copy is made.
    this.postingTerms = new Uint32Array(0);
    this.postingTfs = new Uint8Array(0);
    const terms = new Map<string, number>();
    const writer = new PostingsWriter(this.ids.size, docs.length);
    for (const [term, id] of this.ids) {
      terms.set(term, terms.size);
      const from = offsets[id]!;
      const to = offsets[id + 1]!;
      writer.add(docs.subarray(from, to), tfs.subarray(from, to), to - from);
    }
    return { terms, ...writer.finish(), ...lengthsOf(this.lengths, docCount) };
  }
}

/** A copy of `a` in a new array of `length` elements (zero beyond a's). */
function grown<T extends Uint32Array | Uint8Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}

export type FieldTokens = Record<string, string[]>;

export class KeywordIndexBuilder {
  private readonly fields: Map<string, FieldBuilder>;
  private count = 0;

  constructor(readonly options: KeywordIndexOptions = DEFAULT_KEYWORD_OPTIONS) {
    this.fields = new Map(options.fields.map((f) => [f.name, new FieldBuilder()]));
  }

  /** Documents get consecutive ids from 0 in the order they are added. */
  add(tokens: FieldTokens): number {
    const doc = this.count++;
    for (const [name, field] of this.fields) field.add(doc, tokens[name] ?? []);
    return doc;
  }

  build(): KeywordIndex {
    const frozen = new Map<string, FrozenField>();
    for (const [name, field] of this.fields) frozen.set(name, field.freeze(this.count));
    return new KeywordIndex(this.options, this.count, frozen);
  }
}

/**
 * Statistics of the whole collection a segment belongs to (see segments.ts):
 * BM25 of a segment scored with these equals BM25 over all live paragraphs.
 */
export interface CollectionStats {
  /** Live paragraphs in all segments. */
  docCount: number;
  /** Per field, the average length over live paragraphs. */
  avgLength: Record<string, number>;
  /** Per field, the live document frequency of the query's terms. */
  df: Record<string, Map<string, number>>;
}

/** What searching needs of a keyword index: one segment's (KeywordIndex) or all live segments' (SegmentedKeyword). */
export interface KeywordSearch {
  readonly options: KeywordIndexOptions;
  readonly docCount: number;
  search(query: FieldTokens, top: number, allowed?: (doc: number) => boolean): KeywordHit[];
  idf(field: string, term: string): number;
  withOptions(options: KeywordIndexOptions): KeywordSearch;
}

/** BM25's inverse document frequency. */
export function bm25Idf(df: number, docCount: number): number {
  return Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
}

export interface KeywordHit {
  doc: number;
  score: number;
}

/**
 * The best `k` of a stream of (doc, score) pairs: a binary min-heap on the
 * score, so a query touching most of the corpus never sorts all of it.
 * Ties rank the lower document id first, as a full sort would.
 */
class TopK {
  private readonly heapDocs: Uint32Array;
  private readonly heapScores: Float64Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.heapDocs = new Uint32Array(Math.max(k, 0));
    this.heapScores = new Float64Array(Math.max(k, 0));
  }

  /** Whether (a) ranks below (b). */
  private below(sa: number, da: number, sb: number, db: number): boolean {
    return sa < sb || (sa === sb && da > db);
  }

  /** Adds (doc, score) if it ranks among the best k; returns the score a later document must beat (0 until full). */
  offer(doc: number, score: number): number {
    if (this.k <= 0) return Infinity;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.below(score, doc, this.heapScores[parent]!, this.heapDocs[parent]!)) break;
        this.heapDocs[i] = this.heapDocs[parent]!;
        this.heapScores[i] = this.heapScores[parent]!;
        i = parent;
      }
      this.heapDocs[i] = doc;
      this.heapScores[i] = score;
      return this.size === this.k ? this.heapScores[0]! : 0;
    }
    if (this.below(this.heapScores[0]!, this.heapDocs[0]!, score, doc)) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= this.size) break;
        const r = l + 1;
        const child = r < this.size && this.below(this.heapScores[r]!, this.heapDocs[r]!, this.heapScores[l]!, this.heapDocs[l]!) ? r : l;
        if (!this.below(this.heapScores[child]!, this.heapDocs[child]!, score, doc)) break;
        this.heapDocs[i] = this.heapDocs[child]!;
        this.heapScores[i] = this.heapScores[child]!;
        i = child;
      }
      this.heapDocs[i] = doc;
      this.heapScores[i] = score;
    }
    return this.heapScores[0]!;
  }

  sorted(): KeywordHit[] {
    const hits: KeywordHit[] = [];
    for (let i = 0; i < this.size; i++) hits.push({ doc: this.heapDocs[i]!, score: this.heapScores[i]! });
    return hits.sort((x, y) => y.score - x.score || x.doc - y.doc);
  }
}

/** The arrays a field's scoring reads. */
export interface FieldPostings {
  offsets: Uint32Array;
  starts: Uint32Array;
  gaps: Uint8Array;
  tfs: Uint8Array;
}

/**
 * What scoring one index for one query reads: per field with query terms, its
 * postings, its length norms and the query's term ids with their weights
 * (idf × field weight × (k1 + 1)). Plain typed arrays, so a scoring thread
 * can run it on the same memory when the arrays' memory is shared.
 */
export interface ScoringPlan {
  /** Documents of the index: the length of the score array. */
  docCount: number;
  fields: Array<{ postings: FieldPostings; kn: Float32Array; terms: Uint32Array; scales: Float64Array }>;
}

/**
 * Adds every posting of the plan's terms to `scores` (term at a time): a
 * question's common characters touch most documents, so remembering which
 * were touched cost more than the sweep of `bestOf`.
 */
export function scorePlan(plan: ScoringPlan, scores: Float64Array): void {
  for (const { postings, kn, terms, scales } of plan.fields) {
    const { gaps, tfs, offsets, starts } = postings;
    for (let t = 0; t < terms.length; t++) {
      const id = terms[t]!;
      const scale = scales[t]!;
      const end = offsets[id + 1]!;
      let at = starts[id]!;
      let doc = 0;
      for (let i = offsets[id]!; i < end; i++) {
        let b = gaps[at++]!;
        if (b < 0x80) doc += b;
        else {
          // Rarer terms: gaps of 128 or more take further bytes.
          let gap = b & 0x7f;
          let shift = 7;
          do {
            b = gaps[at++]!;
            gap |= (b & 0x7f) << shift;
            shift += 7;
          } while (b & 0x80);
          doc += gap;
        }
        const tf = tfs[i]!;
        scores[doc]! += (scale * tf) / (tf + kn[doc]!);
      }
    }
  }
}

/** The best `top` documents of `scores` (those `allowed`, when given), sets the first `docCount` scores back to zero. */
export function bestOf(scores: Float64Array, docCount: number, top: number, allowed?: (doc: number) => boolean): KeywordHit[] {
  const best = new TopK(top);
  try {
    // Documents come in ascending order, so once the heap is full only a strictly higher score can enter.
    let floor = 0;
    for (let doc = 0; doc < docCount; doc++) {
      const score = scores[doc]!;
      if (score > floor && (!allowed || allowed(doc))) floor = best.offer(doc, score);
    }
  } finally {
    scores.fill(0, 0, docCount);
  }
  return best.sorted();
}

let scratch = new Float64Array(0);

/**
 * Scores by document for `docCount` documents, all zero: one array for every
 * query of this thread (each query leaves it zero, `bestOf`), grown as needed.
 */
export function scratchScores(docCount: number): Float64Array {
  if (scratch.length < docCount) scratch = new Float64Array(docCount);
  return scratch;
}

/**
 * One live segment's share of a keyword search (segments.ts): its scoring
 * plan and its ids in the whole index (-1: deleted), null when they are the
 * index's own; `deletions` says whether any are -1.
 */
export interface PartPlan {
  plan: ScoringPlan;
  toGlobal: Int32Array | null;
  deletions: boolean;
}

/** A part's best `top` live documents (those `allowed`, by index-wide id), by their ids in the part. */
export function searchPart(part: PartPlan, top: number, allowed?: (doc: number) => boolean): KeywordHit[] {
  const scores = scratchScores(part.plan.docCount);
  scorePlan(part.plan, scores);
  const g = part.toGlobal;
  const filter = !g ? allowed : allowed ? (d: number) => g[d]! >= 0 && allowed(g[d]!) : part.deletions ? (d: number) => g[d]! >= 0 : undefined;
  return bestOf(scores, part.plan.docCount, top, filter);
}

/** The best `top` live documents of every part (those `allowed`), by index-wide id, on this thread. */
export function searchParts(parts: readonly PartPlan[], top: number, allowed?: (doc: number) => boolean): KeywordHit[] {
  return mergeParts(parts, parts.map((p) => searchPart(p, top, allowed)), top);
}

/** The parts' hits under index-wide ids, best `top` first. */
export function mergeParts(parts: readonly PartPlan[], hits: readonly KeywordHit[][], top: number): KeywordHit[] {
  if (parts.length === 1 && !parts[0]!.toGlobal) return hits[0]!;
  const all: KeywordHit[] = [];
  parts.forEach(({ toGlobal }, i) => {
    for (const h of hits[i]!) all.push({ doc: toGlobal ? toGlobal[h.doc]! : h.doc, score: h.score });
  });
  // Within a part ids ascend as index-wide ids do, so each part's best `top` (ties to the lower id) holds the merged best.
  return all.sort((x, y) => y.score - x.score || x.doc - y.doc).slice(0, Math.max(top, 0));
}

/** A Float32Array in shared memory, so a scoring thread reads what this one computed. */
function sharedFloat32(n: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(n * Float32Array.BYTES_PER_ELEMENT));
}

export class KeywordIndex implements KeywordSearch {
  constructor(
    readonly options: KeywordIndexOptions,
    readonly docCount: number,
    private readonly fields: Map<string, FrozenField>,
  ) {}

  /**
   * Per field, k1 × length normalisation of each document: the part of BM25 that is the same for every query,
   * for the average length it was computed with (a segment's collection changes with each commit).
   */
  private readonly kNorms = new Map<string, { avg: number; kn: Float32Array }>();
  private kNorm(name: string, field: FrozenField, avgLength: number): Float32Array {
    const cached = this.kNorms.get(name);
    if (cached?.avg === avgLength) return cached.kn;
    const { k1, b } = this.options;
    const kn = sharedFloat32(this.docCount);
    for (let d = 0; d < this.docCount; d++) {
      kn[d] = k1 * (avgLength > 0 ? 1 - b + (b * field.lengths[d]!) / avgLength : 1);
    }
    this.kNorms.set(name, { avg: avgLength, kn });
    return kn;
  }

  /**
   * What scoring the query reads (`scorePlan`). Repeated query terms count once: a question repeating a word
   * is not asking twice. `collection`, for a segment of a larger index, gives the statistics of all live
   * paragraphs (count, average lengths, document frequencies) in place of this segment's own.
   */
  plan(query: FieldTokens, collection?: CollectionStats): ScoringPlan {
    const k1p1 = this.options.k1 + 1;
    const docCount = collection?.docCount ?? this.docCount;
    const fields: ScoringPlan['fields'] = [];
    for (const { name, weight, maxDocShare } of this.options.fields) {
      const field = this.fields.get(name);
      const tokens = query[name];
      if (!field || !tokens?.length || weight === 0) continue;
      const maxDf = Math.max((maxDocShare ?? 1) * docCount, ALWAYS_SCORED_DF);
      const dfs = collection?.df[name];
      const terms: number[] = [];
      const scales: number[] = [];
      for (const term of new Set(tokens)) {
        const id = field.terms.get(term);
        if (id === undefined) continue;
        const df = dfs ? (dfs.get(term) ?? 0) : field.offsets[id + 1]! - field.offsets[id]!;
        if (df > maxDf) continue;
        terms.push(id);
        scales.push(weight * bm25Idf(df, docCount) * k1p1);
      }
      if (!terms.length) continue;
      const kn = this.kNorm(name, field, collection?.avgLength[name] ?? field.avgLength);
      fields.push({ postings: field, kn, terms: Uint32Array.from(terms), scales: Float64Array.from(scales) });
    }
    return { docCount: this.docCount, fields };
  }

  /**
   * Scores every document that shares a term with the query and returns the
   * best `top`. `allowed`, when given, restricts the result (filters) before ranking.
   *
   * Measured at 100,000 paragraphs and dropped: MaxScore pruning (a question's
   * common characters keep most documents within reach of the top k, so
   * probing them cost more than scanning).
   */
  search(query: FieldTokens, top: number, allowed?: (doc: number) => boolean, collection?: CollectionStats): KeywordHit[] {
    const scores = scratchScores(this.docCount);
    scorePlan(this.plan(query, collection), scores);
    return bestOf(scores, this.docCount, top, allowed);
  }

  /** The same postings under other options (query-time ones: weights, k1, b, maxDocShare), for comparisons. */
  withOptions(options: KeywordIndexOptions): KeywordIndex {
    return new KeywordIndex(options, this.docCount, this.fields);
  }

  /** Inverse document frequency of a term in a field (0 when unseen): how much a match on it says. */
  idf(field: string, term: string): number {
    const df = this.df(field, term);
    return df === 0 ? 0 : bm25Idf(df, this.docCount);
  }

  /** Documents of this index holding `term` in `field` (deleted ones included). */
  df(field: string, term: string): number {
    const f = this.fields.get(field);
    const id = f?.terms.get(term);
    return !f || id === undefined ? 0 : f.offsets[id + 1]! - f.offsets[id]!;
  }

  /** Sum of the documents' lengths in `field`: with the count, the average length over a collection of segments. */
  lengthSum(field: string): number {
    const lengths = this.fields.get(field)?.lengths;
    let sum = 0;
    if (lengths) for (let d = 0; d < lengths.length; d++) sum += lengths[d]!;
    return sum;
  }

  /**
   * One index from several without re-tokenising: `remap[old]` is a document's
   * id in the new index, or -1 when it is left out (deleted). Used to merge
   * segments; every part has the same options.
   */
  static merge(parts: Array<{ index: KeywordIndex; remap: Int32Array }>, newCount: number): KeywordIndex {
    const options = parts[0]!.index.options;
    const fields = new Map<string, FrozenField>();
    for (const { name } of options.fields) {
      const terms = new Map<string, number>();
      const sources: Array<Array<{ part: number; id: number }>> = [];
      parts.forEach((p, part) => {
        for (const [term, id] of p.index.fields.get(name)!.terms) {
          let t = terms.get(term);
          if (t === undefined) {
            terms.set(term, (t = terms.size));
            sources.push([]);
          }
          sources[t]!.push({ part, id });
        }
      });
      let longest = 0;
      let total = 0;
      for (const list of sources) {
        let n = 0;
        for (const { part, id } of list) {
          const f = parts[part]!.index.fields.get(name)!;
          n += f.offsets[id + 1]! - f.offsets[id]!;
        }
        longest = Math.max(longest, n);
        total += n; // an upper bound: postings of left-out documents are not counted out
      }
      const writer = new PostingsWriter(terms.size, total);
      const read = new Uint32Array(longest);
      const docs = new Uint32Array(longest);
      const tfs = new Uint8Array(longest);
      for (const list of sources) {
        let n = 0;
        for (const { part, id } of list) {
          const { index, remap } = parts[part]!;
          const f = index.fields.get(name)!;
          const count = readList(f, id, read);
          const first = f.offsets[id]!;
          for (let i = 0; i < count; i++) {
            const doc = remap[read[i]!]!;
            if (doc < 0) continue;
            docs[n] = doc;
            tfs[n++] = f.tfs[first + i]!;
          }
        }
        sortPostings(docs, tfs, n);
        writer.add(docs, tfs, n);
      }
      const lengths = new Float32Array(newCount);
      for (const { index, remap } of parts) {
        const old = index.fields.get(name)!.lengths;
        for (let d = 0; d < old.length; d++) if (remap[d]! >= 0) lengths[remap[d]!] = old[d]!;
      }
      // Terms whose postings all went stay in the vocabulary with empty lists: harmless, dropped at the next full build.
      fields.set(name, { terms, ...writer.finish(), ...lengthsOf(lengths, newCount) });
    }
    return new KeywordIndex(options, newCount, fields);
  }

  /** Serialisable form: term lists as JSON, postings as raw typed-array buffers. */
  toParts(): { meta: unknown; buffers: Buffer[] } {
    const meta: Array<{ name: string; terms: string[]; avgLength: number }> = [];
    const buffers: Buffer[] = [];
    for (const { name } of this.options.fields) {
      const f = this.fields.get(name)!;
      meta.push({ name, terms: [...f.terms.keys()], avgLength: f.avgLength });
      for (const arr of [f.offsets, f.starts, f.gaps, f.tfs, f.lengths]) {
        buffers.push(Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
      }
    }
    return { meta: { docCount: this.docCount, options: this.options, fields: meta }, buffers };
  }

  static fromParts(meta: unknown, buffers: Buffer[]): KeywordIndex {
    const m = meta as {
      docCount: number;
      options: KeywordIndexOptions;
      fields: Array<{ name: string; terms: string[]; avgLength: number }>;
    };
    const fields = new Map<string, FrozenField>();
    let at = 0;
    const view = <T>(C: { new (b: ArrayBuffer, o: number, l: number): T; BYTES_PER_ELEMENT: number }): T => {
      const buf = buffers[at++]!;
      const length = buf.byteLength / C.BYTES_PER_ELEMENT;
      // View the bytes where they lie when aligned for the element size (the store writes them so); else copy.
      if (buf.byteOffset % C.BYTES_PER_ELEMENT === 0) return new C(buf.buffer as ArrayBuffer, buf.byteOffset, length);
      const copy = new ArrayBuffer(buf.byteLength);
      new Uint8Array(copy).set(buf);
      return new C(copy, 0, length);
    };
    for (const f of m.fields) {
      const offsets = view(Uint32Array);
      const starts = view(Uint32Array);
      const gaps = view(Uint8Array);
      const tfs = view(Uint8Array);
      const lengths = view(Float32Array);
      fields.set(f.name, {
        terms: new Map(f.terms.map((t, i) => [t, i])),
        offsets,
        starts,
        gaps,
        tfs,
        lengths,
        avgLength: f.avgLength,
      });
    }
    return new KeywordIndex(m.options, m.docCount, fields);
  }
}
