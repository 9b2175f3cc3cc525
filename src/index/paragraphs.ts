/**
 * The paragraph store: every paragraph of a generation in one binary buffer,
 * column by column, read in place from the file as the keyword postings are:
 * numbers as typed arrays; text and matching text each in UTF-8 or UTF-16
 * (whichever is smaller for the column: UTF-16 takes 2 bytes for a Chinese
 * character where UTF-8 takes 3), with offsets; dates and people as references
 * into a table of the distinct mentions (a name or a date recurs across many
 * paragraphs). A paragraph becomes an object only when asked for (`get`),
 * which a query does for the few hits it shows; scans over all paragraphs use
 * the column accessors.
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
const SECTIONS = 15;

/** Encodings of a string column, by code; offsets count the encoding's units (bytes, or 16-bit units). */
const ENCODINGS = ['utf8', 'utf16le'] as const;
type Encoding = (typeof ENCODINGS)[number];
const UNIT: Record<Encoding, number> = { utf8: 1, utf16le: 2 };

/** Strings one after another in the smaller of the two encodings, with n + 1 offsets. */
function packStrings(strings: string[], encodings: readonly Encoding[] = ENCODINGS): { encoding: number; offsets: Uint32Array; bytes: Buffer } {
  const size = (e: Encoding) => strings.reduce((sum, s) => sum + Buffer.byteLength(s, e), 0);
  const sizes = encodings.map(size);
  const encoding = encodings[sizes.indexOf(Math.min(...sizes))]!;
  const unit = UNIT[encoding];
  const offsets = new Uint32Array(strings.length + 1);
  let total = 0;
  for (let i = 0; i < strings.length; i++) {
    total += Buffer.byteLength(strings[i]!, encoding) / unit;
    offsets[i + 1] = total;
  }
  if (total > 0xffffffff) throw new Error('paragraph text exceeds 4 GiB');
  const bytes = Buffer.allocUnsafe(total * unit);
  for (let i = 0; i < strings.length; i++) bytes.write(strings[i]!, offsets[i]! * unit, encoding);
  return { encoding: ENCODINGS.indexOf(encoding), offsets, bytes };
}

/** A string column as stored: one string per offset pair. */
class StringColumn {
  private readonly encoding: Encoding;
  private readonly unit: number;

  constructor(
    code: number,
    private readonly offsets: Uint32Array,
    private readonly bytes: Buffer,
  ) {
    const encoding = ENCODINGS[code];
    if (!encoding) throw new Error('paragraph store has an unknown text encoding');
    this.encoding = encoding;
    this.unit = UNIT[encoding];
  }

  /** Whether it holds `n` strings and its offsets end at its last byte. */
  holds(n: number): boolean {
    return this.offsets.length === n + 1 && this.offsets[n]! * this.unit === this.bytes.byteLength;
  }

  get(i: number): string {
    return this.bytes.toString(this.encoding, this.offsets[i]! * this.unit, this.offsets[i + 1]! * this.unit);
  }
}

/** Mentions as references into the table of distinct ones: the low bit says date (0) or person (1). */
type Mention = DateMention | PersonMention;
const PERSON_BIT = 1;

const asBytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The layout before format 8 (UTF-8 text, JSON mentions): 12 sections, vector labels the 4th, text hashes the last. */
const FORMAT7_SECTIONS = 12;

/**
 * Each paragraph's text hash and vector label, from a store of this layout or
 * the one before: what a rebuild after a format change keeps its vectors by.
 */
export function storedVectorLabels(bytes: Buffer): Array<{ textHash: string; vector: number }> {
  const s = unpackBuffers(bytes);
  const [vectorSection, hashSection] = s.length === FORMAT7_SECTIONS ? [s[3]!, s[11]!] : s.length === SECTIONS ? [s[3]!, s[14]!] : [];
  if (!vectorSection || !hashSection) throw new Error('paragraph store has an unknown layout');
  const vectors = viewOf(Int32Array, vectorSection);
  if (hashSection.byteLength !== vectors.length * HASH_BYTES) throw new Error('paragraph store columns disagree');
  return Array.from(vectors, (vector, i) => ({ vector, textHash: hashSection.toString('hex', i * HASH_BYTES, (i + 1) * HASH_BYTES) }));
}

export class ParagraphStore implements Iterable<ParagraphRecord> {
  readonly length: number;
  private readonly docs: Int32Array;
  private readonly paragraphs: Int32Array;
  private readonly articles: Int32Array;
  private readonly vectors: Int32Array;
  private readonly kinds: Uint8Array;
  private readonly texts: StringColumn;
  private readonly norms: StringColumn;
  /** Paragraph i's mentions are `mentionRefs[mentionOffsets[i] .. mentionOffsets[i + 1]]`, dates first. */
  private readonly mentionOffsets: Uint32Array;
  private readonly mentionRefs: Uint32Array;
  /** Distinct mentions as JSON, by reference >> 1. */
  private readonly mentionTable: StringColumn;
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
    const encodings = viewOf(Uint8Array, s[5]!);
    if (encodings.length !== 2) throw new Error('paragraph store has an unknown layout');
    this.texts = new StringColumn(encodings[0]!, viewOf(Uint32Array, s[6]!), s[7]!);
    this.norms = new StringColumn(encodings[1]!, viewOf(Uint32Array, s[8]!), s[9]!);
    this.mentionOffsets = viewOf(Uint32Array, s[10]!);
    this.mentionRefs = viewOf(Uint32Array, s[11]!);
    const tableOffsets = viewOf(Uint32Array, s[12]!);
    this.mentionTable = new StringColumn(0, tableOffsets, s[13]!);
    this.hashes = s[14]!;
    const n = (this.length = this.docs.length);
    const tableSize = tableOffsets.length - 1;
    const consistent =
      [this.paragraphs, this.articles, this.vectors, this.kinds].every((a) => a.length === n) &&
      this.texts.holds(n) &&
      this.norms.holds(n) &&
      tableSize >= 0 &&
      this.mentionTable.holds(tableSize) &&
      this.mentionOffsets.length === n + 1 &&
      this.mentionOffsets[n] === this.mentionRefs.length &&
      this.mentionRefs.every((r) => r >>> 1 < tableSize) &&
      this.hashes.byteLength === n * HASH_BYTES;
    if (!consistent) throw new Error('paragraph store columns disagree');
    for (let i = 0; i < n; i++) {
      const d = this.docs[i]!;
      if (d < 0 || d >= files.length || this.kinds[i]! >= KINDS.length) throw new Error(`paragraph ${i} refers to a missing document or kind`);
      if (this.mentionOffsets[i]! > this.mentionOffsets[i + 1]!) throw new Error('paragraph store columns disagree');
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
    const mentionOffsets = new Uint32Array(n + 1);
    const refs: number[] = [];
    const table = new Map<string, number>();
    const refOf = (m: Mention, bit: number) => {
      const json = JSON.stringify(m);
      let at = table.get(json);
      if (at === undefined) table.set(json, (at = table.size));
      return at * 2 + bit;
    };
    records.forEach((p, i) => {
      if (p.id !== i) throw new Error(`paragraph ${p.id} stored at position ${i}`);
      docs[i] = p.doc;
      paragraphs[i] = p.paragraph;
      articles[i] = p.article;
      vectors[i] = p.vector;
      kinds[i] = KINDS.indexOf(p.kind);
      if (hashes.write(p.textHash, i * HASH_BYTES, HASH_BYTES, 'hex') !== HASH_BYTES) throw new Error(`paragraph ${i} has no sha256 text hash`);
      for (const d of p.dates) refs.push(refOf(d, 0));
      for (const person of p.people) refs.push(refOf(person, PERSON_BIT));
      mentionOffsets[i + 1] = refs.length;
    });
    
    const text = packStrings(records.map((p) => p.text));
    const norm = packStrings(records.map((p) => p.norm));
    const mentions = packStrings([...table.keys()], ['utf8']);
    const bytes = packBuffers(
      [
        docs,
        paragraphs,
        articles,
        vectors,
        kinds,
        Uint8Array.of(text.encoding, norm.encoding),
        text.offsets,
        text.bytes,
        norm.offsets,
        norm.bytes,
        mentionOffsets,
        Uint32Array.from(refs),
        mentions.offsets,
        mentions.bytes,
        hashes,
      ].map(asBytes),
    );
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
    return this.texts.get(id);
  }
  norm(id: number): string {
    this.check(id);
    return this.norms.get(id);
  }
  textHash(id: number): string {
    this.check(id);
    return this.hashes.toString('hex', id * HASH_BYTES, (id + 1) * HASH_BYTES);
  }
  /** The paragraph's mentions of one kind, parsed from the table (on each call: the caller keeps what it needs). */
  private mentions<M extends Mention>(id: number, bit: number): M[] {
    this.check(id);
    const out: M[] = [];
    for (let i = this.mentionOffsets[id]!; i < this.mentionOffsets[id + 1]!; i++) {
      const ref = this.mentionRefs[i]!;
      if ((ref & 1) === bit) out.push(JSON.parse(this.mentionTable.get(ref >>> 1)) as M);
    }
    return out;
  }
  /** Dates the paragraph mentions. */
  dates(id: number): DateMention[] {
    return this.mentions<DateMention>(id, 0);
  }
  people(id: number): PersonMention[] {
    return this.mentions<PersonMention>(id, PERSON_BIT);
  }
  /** Whether the paragraph mentions any date or person, without parsing them. */
  hasMentions(id: number): boolean {
    this.check(id);
    return this.mentionOffsets[id] !== this.mentionOffsets[id + 1];
  }

  /** The paragraph as a new object. */
  get(id: number): ParagraphRecord {
    const kind = this.kind(id);
    return {
      id,
      file: this.file(id),
      paragraph: this.paragraphs[id]!,
      article: this.articles[id]!,
      ...(kind ? { kind } : {}),
      text: this.text(id),
      norm: this.norm(id),
      dates: this.dates(id),
      people: this.people(id),
      doc: this.docs[id]!,
      vector: this.vectors[id]!,
      textHash: this.textHash(id),
    };
  }

  *[Symbol.iterator](): Iterator<ParagraphRecord> {
    for (let id = 0; id < this.length; id++) yield this.get(id);
  }
}
