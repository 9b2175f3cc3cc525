/**
 * An index as a list of immutable segments (docs/notes.md, "Index segments").
 * A re-index writes the paragraphs of new and changed files as a new segment
 * and lists the paragraphs they replace in a deletion list of the segment that
 * holds them; the rest of the program sees one index through the views here:
 *
 * - paragraph ids are those a full build of the same corpus would give (live
 *   documents in file order, their paragraphs in order), so passages, citations
 *   and look-ups do not depend on how the index was built;
 * - keyword search scores each segment with the statistics of all live
 *   paragraphs (count, average lengths, document frequencies minus those of the
 *   deleted paragraphs, which the deletion list carries) and merges the
 *   segments' best hits: the scores a full build gives;
 * - dense search searches each segment's HNSW graph, deleted labels filtered,
 *   and merges by similarity.
 */
import type { ArticleMeta, DateMention, ParagraphKind, PersonMention } from '../corpus/types.js';
import { bm25Idf, searchParts, type CollectionStats, type FieldTokens, type KeywordHit, type KeywordIndex, type KeywordIndexOptions, type KeywordSearch, type PartPlan } from './keyword.js';
import type { ParagraphRecord, ParagraphStore } from './paragraphs.js';
import type { HnswSettings, VectorHit, VectorIndex } from './vectors.js';

export interface ArticleRecord extends ArticleMeta {
  /** Ids of the article's first paragraph and how many it has. */
  first: number;
  count: number;
}

export interface DocumentRecord {
  file: string;
  hash: string;
  encoding: string;
  script: 'simplified' | 'traditional';
  articles: ArticleRecord[];
}

/** A segment as loaded: its files never change once written; ids are its own (0 = its first paragraph). */
export interface Segment {
  name: string;
  documents: DocumentRecord[];
  paragraphs: ParagraphStore;
  keyword: KeywordIndex;
  /** Null in a keyword-only index. */
  vectors: VectorIndex | null;
  /** Paragraphs naming each person (matching form): the index's user words are the names of live paragraphs. */
  names: Record<string, number>;
}

/**
 * The paragraphs of a segment that no longer count, with what they
 * contributed to the collection's statistics (so loading needs no
 * re-segmentation). Written once per commit that deletes from the segment,
 * cumulative: the latest lists every deleted paragraph of the segment.
 */
export interface Deletions {
  /** Segment-local paragraph ids, ascending; always whole documents. */
  ids: number[];
  names: Record<string, number>;
  /** Per field, the deleted paragraphs' summed length and their document frequency per term. */
  lengths: Record<string, number>;
  df: Record<string, Map<string, number>>;
}

/** A paragraph to delete: its segment-local id, the names it counts for (matching form) and its tokens as indexed. */
export interface DeletedParagraph {
  id: number;
  names: Iterable<string>;
  tokens: FieldTokens;
}

/** A deletion list with more paragraphs deleted: what `before` lists, and each paragraph's id, names, length and terms. */
export function extendDeletionList(before: Deletions | null, deleted: Iterable<DeletedParagraph>): Deletions {
  const d: Deletions = {
    ids: [...(before?.ids ?? [])],
    names: { ...(before?.names ?? {}) },
    lengths: { ...(before?.lengths ?? {}) },
    df: Object.fromEntries(Object.entries(before?.df ?? {}).map(([f, m]) => [f, new Map(m)])),
  };
  for (const { id, names, tokens } of deleted) {
    d.ids.push(id);
    for (const n of names) d.names[n] = (d.names[n] ?? 0) + 1;
    for (const [field, list] of Object.entries(tokens)) {
      d.lengths[field] = (d.lengths[field] ?? 0) + list.length;
      const df = (d.df[field] ??= new Map());
      for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1);
    }
  }
  d.ids.sort((a, b) => a - b);
  return d;
}

/** A segment and its deletions as one commit has them. */
export interface LivePart {
  segment: Segment;
  deletions: Deletions | null;
}

const byFile = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The first paragraph and the paragraph count of a document (its paragraphs are consecutive). */
export function documentSpan(d: DocumentRecord): { first: number; count: number } {
  return { first: d.articles[0]?.first ?? 0, count: d.articles.reduce((n, a) => n + a.count, 0) };
}

/** Every paragraph as a full build would number it; ids map to (segment, local id). */
export class SegmentedParagraphs implements Iterable<ParagraphRecord> {
  readonly length: number;

  constructor(
    private readonly stores: readonly ParagraphStore[],
    private readonly segOf: Uint16Array,
    private readonly localOf: Int32Array,
    private readonly docOf: Int32Array,
  ) {
    this.length = localOf.length;
  }

  private store(id: number): ParagraphStore {
    if (!(id >= 0 && id < this.length)) throw new RangeError(`no paragraph ${id} (the index has ${this.length})`);
    return this.stores[this.segOf[id]!]!;
  }

  /** Index into the index's `documents`. */
  doc(id: number): number {
    this.store(id);
    return this.docOf[id]!;
  }
  file(id: number): string {
    return this.store(id).file(this.localOf[id]!);
  }
  paragraph(id: number): number {
    return this.store(id).paragraph(this.localOf[id]!);
  }
  article(id: number): number {
    return this.store(id).article(this.localOf[id]!);
  }
  /** HNSW label (unique across segments), or -1. */
  vector(id: number): number {
    return this.store(id).vector(this.localOf[id]!);
  }
  kind(id: number): ParagraphKind | undefined {
    return this.store(id).kind(this.localOf[id]!);
  }
  text(id: number): string {
    return this.store(id).text(this.localOf[id]!);
  }
  norm(id: number): string {
    return this.store(id).norm(this.localOf[id]!);
  }
  textHash(id: number): string {
    return this.store(id).textHash(this.localOf[id]!);
  }
  dates(id: number): DateMention[] {
    return this.store(id).dates(this.localOf[id]!);
  }
  people(id: number): PersonMention[] {
    return this.store(id).people(this.localOf[id]!);
  }
  hasMentions(id: number): boolean {
    return this.store(id).hasMentions(this.localOf[id]!);
  }

  /** The paragraph as a new object, under its index-wide id and document. */
  get(id: number): ParagraphRecord {
    const p = this.store(id).get(this.localOf[id]!);
    p.id = id;
    p.doc = this.docOf[id]!;
    return p;
  }

  *[Symbol.iterator](): Iterator<ParagraphRecord> {
    for (let id = 0; id < this.length; id++) yield this.get(id);
  }
}

interface KeywordPart {
  index: KeywordIndex;
  deletions: Deletions | null;
  /** Local id → index-wide id, -1 when deleted. */
  toGlobal: Int32Array;
}

/** Keyword search over every live segment, scored with the collection's statistics. */
export class SegmentedKeyword implements KeywordSearch {
  /** One segment, nothing deleted, ids as they are: searched directly. */
  private readonly single: KeywordIndex | null;

  constructor(
    readonly options: KeywordIndexOptions,
    private readonly parts: readonly KeywordPart[],
    readonly docCount: number,
    /** Per field, the summed length of the live paragraphs. */
    private readonly lengthTotals: Record<string, number>,
  ) {
    const only = parts.length === 1 ? parts[0]! : null;
    this.single = only && !only.deletions && only.toGlobal.every((g, i) => g === i) ? only.index : null;
  }

  /** Live documents holding `term` in `field`, over all segments. */
  private liveDf(field: string, term: string): number {
    let df = 0;
    for (const p of this.parts) df += p.index.df(field, term) - (p.deletions?.df[field]?.get(term) ?? 0);
    return df;
  }

  private collection(query: FieldTokens): CollectionStats {
    const avgLength: Record<string, number> = {};
    const df: Record<string, Map<string, number>> = {};
    for (const { name } of this.options.fields) {
      avgLength[name] = this.docCount ? (this.lengthTotals[name] ?? 0) / this.docCount : 0;
      df[name] = new Map((query[name] ?? []).map((t) => [t, this.liveDf(name, t)]));
    }
    return { docCount: this.docCount, avgLength, df };
  }

  /** Per live segment, what scoring the query reads (`searchPart`): the same work whichever thread does it. */
  plans(query: FieldTokens): PartPlan[] {
    if (this.single) return [{ plan: this.single.plan(query), toGlobal: null, deletions: false }];
    const collection = this.collection(query);
    return this.parts.map(({ index, deletions, toGlobal }) => ({ plan: index.plan(query, collection), toGlobal, deletions: deletions !== null }));
  }

  search(query: FieldTokens, top: number, allowed?: (doc: number) => boolean): KeywordHit[] {
    return searchParts(this.plans(query), top, allowed);
  }

  idf(field: string, term: string): number {
    if (this.single) return this.single.idf(field, term);
    const df = this.liveDf(field, term);
    return df <= 0 ? 0 : bm25Idf(df, this.docCount);
  }

  withOptions(options: KeywordIndexOptions): SegmentedKeyword {
    return new SegmentedKeyword(
      options,
      this.parts.map((p) => ({ ...p, index: p.index.withOptions(options) })),
      this.docCount,
      this.lengthTotals,
    );
  }
}

/** Dense search over every segment's graph, deleted paragraphs' labels filtered, merged by similarity. */
export class SegmentedVectors {
  constructor(
    private readonly parts: ReadonlyArray<{ index: VectorIndex; deleted: Set<number> | null }>,
    readonly dimensions: number,
    readonly settings: HnswSettings,
  ) {}

  /** Query-time beam floor of every segment's graph. */
  get efSearch(): number {
    return this.parts[0]?.index.efSearch ?? this.settings.efSearch;
  }
  set efSearch(ef: number) {
    for (const p of this.parts) p.index.efSearch = ef;
  }

  search(query: Float32Array, k: number, allowed?: (label: number) => boolean): VectorHit[] {
    if (this.parts.length === 1 && !this.parts[0]!.deleted) return this.parts[0]!.index.search(query, k, allowed);
    const hits: VectorHit[] = [];
    for (const { index, deleted } of this.parts) {
      const filter = deleted ? (l: number) => !deleted.has(l) && (!allowed || allowed(l)) : allowed;
      hits.push(...index.search(query, k, filter));
    }
    return hits.sort((a, b) => b.similarity - a.similarity || a.label - b.label).slice(0, Math.max(k, 0));
  }
}

/** The index-wide views of a commit's live parts. */
export interface Assembled {
  documents: DocumentRecord[];
  paragraphs: SegmentedParagraphs;
  keyword: SegmentedKeyword;
  vectors: SegmentedVectors | null;
}

/**
 * Puts a commit's segments together: live documents in file order (as a full
 * build orders them) with their paragraphs numbered consecutively.
 */
export function assemble(parts: readonly LivePart[], embedding: { dimensions: number; hnsw: HnswSettings } | null): Assembled {
  const deletedOf = parts.map(({ segment, deletions }) => {
    const bits = new Uint8Array(segment.paragraphs.length);
    for (const id of deletions?.ids ?? []) if (id >= 0 && id < bits.length) bits[id] = 1;
    return bits;
  });
  const live: Array<{ part: number; doc: DocumentRecord }> = [];
  parts.forEach(({ segment }, part) => {
    for (const doc of segment.documents) {
      const { first, count } = documentSpan(doc);
      if (count > 0 && !deletedOf[part]![first]) live.push({ part, doc });
    }
  });
  live.sort((a, b) => byFile(a.doc.file, b.doc.file));
  let total = 0;
  for (const { doc } of live) total += documentSpan(doc).count;
  const segOf = new Uint16Array(total);
  const localOf = new Int32Array(total);
  const docOf = new Int32Array(total);
  // In shared memory: a scoring thread reads them (keyword-thread.ts).
  const toGlobal = parts.map(({ segment }) => new Int32Array(new SharedArrayBuffer(4 * segment.paragraphs.length)).fill(-1));
  const documents: DocumentRecord[] = [];
  let next = 0;
  live.forEach(({ part, doc }, docIndex) => {
    const { first } = documentSpan(doc);
    const shift = next - first;
    documents.push({ ...doc, articles: doc.articles.map((a) => ({ ...a, first: a.first + shift })) });
    const { count } = documentSpan(doc);
    for (let k = 0; k < count; k++, next++) {
      segOf[next] = part;
      localOf[next] = first + k;
      docOf[next] = docIndex;
      toGlobal[part]![first + k] = next;
    }
  });
  const options = parts[0]?.segment.keyword.options;
  const lengthTotals: Record<string, number> = {};
  for (const { name } of options?.fields ?? []) {
    lengthTotals[name] = parts.reduce((sum, { segment, deletions }) => sum + segment.keyword.lengthSum(name) - (deletions?.lengths[name] ?? 0), 0);
  }
  const keyword = new SegmentedKeyword(
    options!,
    parts.map(({ segment, deletions }, i) => ({ index: segment.keyword, deletions, toGlobal: toGlobal[i]! })),
    total,
    lengthTotals,
  );
  const vectors = embedding
    ? new SegmentedVectors(
        parts.map(({ segment, deletions }, i) => ({ index: segment.vectors!, deleted: deletedLabels(segment.paragraphs, deletedOf[i]!, deletions) })),
        embedding.dimensions,
        embedding.hnsw,
      )
    : null;
  return { documents, paragraphs: new SegmentedParagraphs(parts.map((p) => p.segment.paragraphs), segOf, localOf, docOf), keyword, vectors };
}

/** Labels only deleted paragraphs of the segment use (identical texts share a label), null when none. */
function deletedLabels(store: ParagraphStore, deleted: Uint8Array, deletions: Deletions | null): Set<number> | null {
  if (!deletions?.ids.length) return null;
  const used = new Set<number>();
  for (let id = 0; id < store.length; id++) if (!deleted[id]) used.add(store.vector(id));
  const out = new Set<number>();
  for (const id of deletions.ids) {
    const label = store.vector(id);
    if (label >= 0 && !used.has(label)) out.add(label);
  }
  return out.size ? out : null;
}
