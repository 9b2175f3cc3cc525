/**
 * The paragraph store: every paragraph of a generation in one binary buffer,
 * column by column (numbers as typed arrays, text and matching text as UTF-8
 * with offsets, the few dates and people as JSON per paragraph), read in place
 * from the file as the keyword postings are. A paragraph becomes an object
 * only when asked for (`get`), which a query does for the few hits it shows;
 * scans over all paragraphs use the column accessors.
 *
 * Held as JavaScript objects, 100,000 paragraphs took about 100 MiB; as this
 * buffer they take their UTF-8 bytes plus 24 bytes of numbers and 32 of hash.
 */
import type { DateMention, ParagraphKind, PersonMention } from '../corpus/types.js';
import type { StoredParagraph } from '../types.js';
import { packBuffers, unpackBuffers, viewOf } from './sections.js';

export interface ParagraphRecord extends StoredParagraph {
  /** Index into `documents`. */
  doc: number;
  /** HNSW label, or -1 in a keyword-only index. */
  vector: number;
  /** Hash of the embedded text: unchanged text keeps its vector across re-indexes. */
  textHash: string;
}

/** Kind codes; 0 is a paragraph stored without a kind (body text). */
const KINDS: ReadonlyArray<ParagraphKind | undefined> = [undefined, 'text', 'caption', 'byline'];
const HASH_BYTES = 32;
const SECTIONS = 12;

/** UTF-8 strings one after another, with n + 1 offsets. */
function packStrings(strings: string[]): { offsets: Uint32Array; bytes: Buffer } {
  const offsets = new Uint32Array(strings.length + 1);
  let total = 0;
  for (let i = 0; i < strings.length; i++) {
    total += Buffer.byteLength(strings[i]!, 'utf8');
    offsets[i + 1] = total;
  }
  if (total > 0xffffffff) throw new Error('paragraph text exceeds 4 GiB');
  const bytes = Buffer.allocUnsafe(total);
  for (let i = 0; i < strings.length; i++) bytes.write(strings[i]!, offsets[i]!, 'utf8');
  return { offsets, bytes };
}

const asBytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export class ParagraphStore implements Iterable<ParagraphRecord> {
  readonly length: number;
  private readonly docs: Int32Array;
  private readonly paragraphs: Int32Array;
  private readonly articles: Int32Array;
  private readonly vectors: Int32Array;
  private readonly kinds: Uint8Array;
  private readonly textOffsets: Uint32Array;
  private readonly textBytes: Buffer;
  private readonly normOffsets: Uint32Array;
  private readonly normBytes: Buffer;
  private readonly metaOffsets: Uint32Array;
  private readonly metaBytes: Buffer;
  private readonly hashes: Buffer;

  /** `bytes` as written by `toBuffer`; `files` are the documents' paths, by document index. */
  private constructor(
    readonly bytes: Buffer,
    private readonly files: readonly string[],
  ) {
    const s = unpackBuffers(bytes);
    if (s.length !== SECTIONS) throw new Error('paragraph store has an unknown layout');
    this.docs = viewOf(Int32Array, s[0]!);
    this.paragraphs = viewOf(Int32Array, s[1]!);
    this.articles = viewOf(Int32Array, s[2]!);
    this.vectors = viewOf(Int32Array, s[3]!);
    this.kinds = viewOf(Uint8Array, s[4]!);
    this.textOffsets = viewOf(Uint32Array, s[5]!);
    this.textBytes = s[6]!;
    this.normOffsets = viewOf(Uint32Array, s[7]!);
    this.normBytes = s[8]!;
    this.metaOffsets = viewOf(Uint32Array, s[9]!);
    this.metaBytes = s[10]!;
    this.hashes = s[11]!;
    const n = (this.length = this.docs.length);
    const consistent =
      [this.paragraphs, this.articles, this.vectors, this.kinds].every((a) => a.length === n) &&
      [this.textOffsets, this.normOffsets, this.metaOffsets].every((a) => a.length === n + 1) &&
      this.textOffsets[n] === this.textBytes.byteLength &&
      this.normOffsets[n] === this.normBytes.byteLength &&
      this.metaOffsets[n] === this.metaBytes.byteLength &&
      this.hashes.byteLength === n * HASH_BYTES;
    if (!consistent) throw new Error('paragraph store columns disagree');
    for (let i = 0; i < n; i++) {
      const d = this.docs[i]!;
      if (d < 0 || d >= files.length || this.kinds[i]! >= KINDS.length) throw new Error(`paragraph ${i} refers to a missing document or kind`);
    }
  }

  /** A store read from `toBuffer`'s bytes, viewed in place. */
  static fromBuffer(bytes: Buffer, files: readonly string[]): ParagraphStore {
    return new ParagraphStore(bytes, files);
  }

  /** Paragraphs in id order (each record's `id` must be its position). */
  static fromRecords(records: readonly ParagraphRecord[], files: readonly string[]): ParagraphStore {
    const n = records.length;
    const docs = new Int32Array(n);
    const paragraphs = new Int32Array(n);
    const articles = new Int32Array(n);
    const vectors = new Int32Array(n);
    const kinds = new Uint8Array(n);
    const hashes = Buffer.alloc(n * HASH_BYTES);
    const meta: string[] = [];
    records.forEach((p, i) => {
      if (p.id !== i) throw new Error(`paragraph ${p.id} stored at position ${i}`);
      docs[i] = p.doc;
      paragraphs[i] = p.paragraph;
      articles[i] = p.article;
      vectors[i] = p.vector;
      kinds[i] = KINDS.indexOf(p.kind);
      if (hashes.write(p.textHash, i * HASH_BYTES, HASH_BYTES, 'hex') !== HASH_BYTES) throw new Error(`paragraph ${i} has no sha256 text hash`);
      meta.push(p.dates.length || p.people.length ? JSON.stringify([p.dates, p.people]) : '');
    });
    const text = packStrings(records.map((p) => p.text));
    const norm = packStrings(records.map((p) => p.norm));
    const m = packStrings(meta);
    const bytes = packBuffers([docs, paragraphs, articles, vectors, kinds, text.offsets, text.bytes, norm.offsets, norm.bytes, m.offsets, m.bytes, hashes].map(asBytes));
    return new ParagraphStore(bytes, files);
  }

  /** The bytes to write: what `fromBuffer` reads. */
  toBuffer(): Buffer {
    return this.bytes;
  }

  private check(id: number): void {
    if (!(id >= 0 && id < this.length)) throw new RangeError(`no paragraph ${id} (the store has ${this.length})`);
  }

  doc(id: number): number {
    this.check(id);
    return this.docs[id]!;
  }
  file(id: number): string {
    return this.files[this.doc(id)]!;
  }
  paragraph(id: number): number {
    this.check(id);
    return this.paragraphs[id]!;
  }
  article(id: number): number {
    this.check(id);
    return this.articles[id]!;
  }
  /** HNSW label, or -1. */
  vector(id: number): number {
    this.check(id);
    return this.vectors[id]!;
  }
  kind(id: number): ParagraphKind | undefined {
    this.check(id);
    return KINDS[this.kinds[id]!];
  }
  text(id: number): string {
    this.check(id);
    return this.textBytes.toString('utf8', this.textOffsets[id]!, this.textOffsets[id + 1]!);
  }
  norm(id: number): string {
    this.check(id);
    return this.normBytes.toString('utf8', this.normOffsets[id]!, this.normOffsets[id + 1]!);
  }
  textHash(id: number): string {
    this.check(id);
    return this.hashes.toString('hex', id * HASH_BYTES, (id + 1) * HASH_BYTES);
  }
  private meta(id: number): [DateMention[], PersonMention[]] | null {
    this.check(id);
    const from = this.metaOffsets[id]!;
    const to = this.metaOffsets[id + 1]!;
    return from === to ? null : (JSON.parse(this.metaBytes.toString('utf8', from, to)) as [DateMention[], PersonMention[]]);
  }
  /** Dates the paragraph mentions (parsed on each call: the caller keeps what it needs). */
  dates(id: number): DateMention[] {
    return this.meta(id)?.[0] ?? [];
  }
  people(id: number): PersonMention[] {
    return this.meta(id)?.[1] ?? [];
  }
  /** Whether the paragraph mentions any date or person, without parsing them. */
  hasMentions(id: number): boolean {
    this.check(id);
    return this.metaOffsets[id] !== this.metaOffsets[id + 1];
  }

  /** The paragraph as a new object. */
  get(id: number): ParagraphRecord {
    const kind = this.kind(id);
    const meta = this.meta(id);
    return {
      id,
      file: this.file(id),
      paragraph: this.paragraphs[id]!,
      article: this.articles[id]!,
      ...(kind ? { kind } : {}),
      text: this.text(id),
      norm: this.norm(id),
      dates: meta?.[0] ?? [],
      people: meta?.[1] ?? [],
      doc: this.docs[id]!,
      vector: this.vectors[id]!,
      textHash: this.textHash(id),
    };
  }

  *[Symbol.iterator](): Iterator<ParagraphRecord> {
    for (let id = 0; id < this.length; id++) yield this.get(id);
  }
}
