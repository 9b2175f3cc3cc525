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
    // (npm run eval), 1.2–2.0 lifted R@1 everywhere and 3.0 started to lose.
    { name: 'char', weight: 2 },
    { name: 'word', weight: 0.6 },
    { name: 'title', weight: 0.3 },
  ],
};

const MAX_TF = 255;

interface FrozenField {
  terms: Map<string, number>;
  /** Offsets into docs/tfs per term id; length = terms + 1. */
  offsets: Uint32Array;
  docs: Uint32Array;
  /** Term frequencies, capped at 255: BM25 saturates long before (tf 255 scores within 1% of tf ∞ at k1 1.2). */
  tfs: Uint8Array;
  lengths: Float32Array;
  avgLength: number;
}

/** One field while documents are being added. */
class FieldBuilder {
  readonly postings = new Map<string, number[]>();
  lengths: number[] = [];

  add(doc: number, tokens: string[]): void {
    this.lengths[doc] = tokens.length;
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, n] of counts) {
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = []));
      list.push(doc, Math.min(n, MAX_TF));
    }
  }

  freeze(docCount: number): FrozenField {
    const terms = new Map<string, number>();
    let total = 0;
    for (const list of this.postings.values()) total += list.length / 2;
    const offsets = new Uint32Array(this.postings.size + 1);
    const docs = new Uint32Array(total);
    const tfs = new Uint8Array(total);
    let at = 0;
    let id = 0;
    for (const [term, list] of this.postings) {
      terms.set(term, id);
      offsets[id] = at;
      for (let i = 0; i < list.length; i += 2) {
        docs[at] = list[i]!;
        tfs[at] = list[i + 1]!;
        at++;
      }
      id++;
    }
    offsets[id] = at;
    const lengths = new Float32Array(docCount);
    let sum = 0;
    for (let d = 0; d < docCount; d++) {
      lengths[d] = this.lengths[d] ?? 0;
      sum += lengths[d]!;
    }
    return { terms, offsets, docs, tfs, lengths, avgLength: docCount ? sum / docCount : 0 };
  }
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

  offer(doc: number, score: number): void {
    if (this.k <= 0) return;
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
      return;
    }
    if (!this.below(this.heapScores[0]!, this.heapDocs[0]!, score, doc)) return;
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

  sorted(): KeywordHit[] {
    const hits: KeywordHit[] = [];
    for (let i = 0; i < this.size; i++) hits.push({ doc: this.heapDocs[i]!, score: this.heapScores[i]! });
    return hits.sort((x, y) => y.score - x.score || x.doc - y.doc);
  }
}

export class KeywordIndex {
  constructor(
    readonly options: KeywordIndexOptions,
    readonly docCount: number,
    private readonly fields: Map<string, FrozenField>,
  ) {}

  /** Per field, k1 × length normalisation of each document: the part of BM25 that is the same for every query. */
  private readonly kNorms = new Map<string, Float32Array>();
  /** Scores by document, reused by every query (JS is single-threaded) and left all zero after each. */
  private scores: Float64Array | null = null;

  private kNorm(name: string, field: FrozenField): Float32Array {
    let kn = this.kNorms.get(name);
    if (!kn) {
      const { k1, b } = this.options;
      kn = new Float32Array(this.docCount);
      for (let d = 0; d < this.docCount; d++) {
        kn[d] = k1 * (field.avgLength > 0 ? 1 - b + (b * field.lengths[d]!) / field.avgLength : 1);
      }
      this.kNorms.set(name, kn);
    }
    return kn;
  }

  /**
   * Scores every document that shares a term with the query and returns the
   * best `top`. `allowed`, when given, restricts the result (filters) before ranking.
   * Repeated query terms count once: a question repeating a word is not asking twice.
   *
   * Every posting of every query term is scored (term at a time), then one sweep
   * over all scores feeds a top-k heap: a question's common characters touch
   * most documents, so remembering which were touched cost more than the sweep.
   * Measured at 100,000 paragraphs and dropped: MaxScore pruning (those same
   * characters keep most documents within reach of the top k, so probing them
   * cost more than scanning), and skipping characters found in over a tenth of
   * the paragraphs (2.0 → 1.2 ms, but the top hit changed for 17% of questions,
   * with no labelled set of that size to show it was for the better).
   */
  search(query: FieldTokens, top: number, allowed?: (doc: number) => boolean): KeywordHit[] {
    const scores = (this.scores ??= new Float64Array(this.docCount));
    const k1p1 = this.options.k1 + 1;
    for (const { name, weight } of this.options.fields) {
      const field = this.fields.get(name);
      const tokens = query[name];
      if (!field || !tokens?.length || weight === 0) continue;
      const kn = this.kNorm(name, field);
      const { docs, tfs, offsets } = field;
      for (const term of new Set(tokens)) {
        const id = field.terms.get(term);
        if (id === undefined) continue;
        const start = offsets[id]!;
        const end = offsets[id + 1]!;
        const scale = weight * this.idfOf(end - start) * k1p1;
        for (let i = start; i < end; i++) {
          const doc = docs[i]!;
          const tf = tfs[i]!;
          scores[doc]! += (scale * tf) / (tf + kn[doc]!);
        }
      }
    }
    const best = new TopK(top);
    try {
      for (let doc = 0; doc < this.docCount; doc++) {
        const score = scores[doc]!;
        if (score > 0 && (!allowed || allowed(doc))) best.offer(doc, score);
      }
    } finally {
      scores.fill(0);
    }
    return best.sorted();
  }

  private idfOf(df: number): number {
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  /** Inverse document frequency of a term in a field (0 when unseen): how much a match on it says. */
  idf(field: string, term: string): number {
    const f = this.fields.get(field);
    const id = f?.terms.get(term);
    if (!f || id === undefined) return 0;
    const df = f.offsets[id + 1]! - f.offsets[id]!;
    return df === 0 ? 0 : this.idfOf(df);
  }

  /**
   * A new index from this one without re-tokenising what is kept: `remap[old]`
   * is a kept document's new id or -1 when it is gone; `additions` are new
   * documents with their new ids. Used by incremental re-indexing.
   */
  update(remap: Int32Array, newCount: number, additions: Array<{ doc: number; tokens: FieldTokens }>): KeywordIndex {
    const fields = new Map<string, FrozenField>();
    for (const { name } of this.options.fields) {
      const old = this.fields.get(name)!;
      const added = new FieldBuilder();
      for (const a of additions) added.add(a.doc, a.tokens[name] ?? []);
      const terms = new Map(old.terms);
      for (const term of added.postings.keys()) if (!terms.has(term)) terms.set(term, terms.size);
      // Pass 1: size of each term's new posting list.
      const sizes = new Uint32Array(terms.size);
      for (let id = 0; id < old.terms.size; id++) {
        for (let i = old.offsets[id]!; i < old.offsets[id + 1]!; i++) if (remap[old.docs[i]!]! >= 0) sizes[id]!++;
      }
      for (const [term, list] of added.postings) sizes[terms.get(term)!]! += list.length / 2;
      const offsets = new Uint32Array(terms.size + 1);
      for (let id = 0; id < terms.size; id++) offsets[id + 1] = offsets[id]! + sizes[id]!;
      const docs = new Uint32Array(offsets[terms.size]!);
      const tfs = new Uint8Array(docs.length);
      // Pass 2: fill, kept postings first, then the added ones.
      const fill = offsets.slice(0, terms.size);
      for (let id = 0; id < old.terms.size; id++) {
        for (let i = old.offsets[id]!; i < old.offsets[id + 1]!; i++) {
          const doc = remap[old.docs[i]!]!;
          if (doc < 0) continue;
          docs[fill[id]!] = doc;
          tfs[fill[id]!++] = old.tfs[i]!;
        }
      }
      for (const [term, list] of added.postings) {
        const id = terms.get(term)!;
        for (let i = 0; i < list.length; i += 2) {
          docs[fill[id]!] = list[i]!;
          tfs[fill[id]!++] = list[i + 1]!;
        }
      }
      const lengths = new Float32Array(newCount);
      for (let d = 0; d < old.lengths.length; d++) if (remap[d]! >= 0) lengths[remap[d]!] = old.lengths[d]!;
      for (const a of additions) lengths[a.doc] = added.lengths[a.doc]!;
      let sum = 0;
      for (const l of lengths) sum += l;
      // Terms whose postings all went stay in the vocabulary with empty lists: harmless, dropped at the next full build.
      fields.set(name, { terms, offsets, docs, tfs, lengths, avgLength: newCount ? sum / newCount : 0 });
    }
    return new KeywordIndex(this.options, newCount, fields);
  }

  /** Serialisable form: term lists as JSON, postings as raw typed-array buffers. */
  toParts(): { meta: unknown; buffers: Buffer[] } {
    const meta: Array<{ name: string; terms: string[]; avgLength: number }> = [];
    const buffers: Buffer[] = [];
    for (const { name } of this.options.fields) {
      const f = this.fields.get(name)!;
      meta.push({ name, terms: [...f.terms.keys()], avgLength: f.avgLength });
      for (const arr of [f.offsets, f.docs, f.tfs, f.lengths]) {
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
      const docs = view(Uint32Array);
      const tfs = view(Uint8Array);
      const lengths = view(Float32Array);
      fields.set(f.name, {
        terms: new Map(f.terms.map((t, i) => [t, i])),
        offsets,
        docs,
        tfs,
        lengths,
        avgLength: f.avgLength,
      });
    }
    return new KeywordIndex(m.options, m.docCount, fields);
  }
}
