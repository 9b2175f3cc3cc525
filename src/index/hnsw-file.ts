/**
 * Checks an hnswlib index file (the format of hnswlib 0.8's saveIndex) before
 * it reaches the native loader, which trusts every offset and count it reads:
 * a flipped byte there is a segmentation fault, not an exception.
 *
 * Layout: a 96-byte header (offsetLevel0, maxElements, count,
 * sizeDataPerElement, labelOffset, offsetData: u64; maxLevel: i32;
 * enterPoint: u32; maxM, maxM0, M: u64; mult: f64; efConstruction: u64), then
 * `count` level-0 records (link count u16 + flags, maxM0 neighbour ids u32,
 * the vector as f32, the label u64), then per element a u32 byte length and
 * its upper-level link lists (maxM + 1 u32 each level).
 */
import type { HnswSettings } from './vectors.js';

const HEADER_BYTES = 96;
/** Bytes of a new chunk joined to the item left over from the last one: more than any one item holds. */
const HEAD_BYTES = 64 << 10;

export interface HnswExpectations {
  dimensions: number;
  settings: HnswSettings;
  /** Elements the index must hold: labels are handed out one per element. */
  count: number;
  /** Upper bound for the stored capacity (it decides how much the loader allocates). */
  maxCapacity: number;
}

/**
 * Checks the file as it is read, chunk by chunk in order (`push`, then
 * `end`): a graph of any size is checked without holding it in memory. Every
 * part of the layout is fixed-size or length-prefixed, so one pass suffices.
 */
export class HnswFileCheck {
  private problem: string | null = null;
  /** Bytes of an item that straddles two chunks. */
  private pending: Buffer = Buffer.alloc(0);
  private stage: 'header' | 'level0' | 'links' | 'done' = 'header';
  private element = 0;
  private trailing = 0;
  private count = 0;
  private sizeData = 0;
  private maxLevel = 0;
  private maxM = 0;
  private maxM0 = 0;
  private linksPerLevel = 0;
  private offsetData = 0;
  private labelOffset = 0;
  /** The vectors of the labels asked for (`collect`), as stored, read during the check. */
  readonly collected = new Map<number, Float32Array>();

  /** `collect`: labels whose vectors to keep as the file passes (copied into another segment, no graph loaded). */
  constructor(
    private readonly want: HnswExpectations,
    private readonly collect?: ReadonlySet<number>,
  ) {}

  /** The next bytes of the file. */
  push(chunk: Uint8Array): void {
    if (this.problem !== null) return;
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.pending.byteLength) {
      // The item left over from the last chunk, completed with the start of this one (an item is a few KiB at
      // most): joining it to the whole chunk would copy every chunk of the file.
      const head = Buffer.concat([this.pending, data.subarray(0, HEAD_BYTES)]);
      const used = this.consume(head);
      if (this.problem !== null) return;
      if (used < this.pending.byteLength || data.byteLength <= HEAD_BYTES) {
        this.pending = Buffer.from(head.subarray(used));
        if (data.byteLength <= HEAD_BYTES) return;
        data = Buffer.concat([this.pending, data.subarray(HEAD_BYTES)]);
      } else data = data.subarray(used - this.pending.byteLength);
      this.pending = Buffer.alloc(0);
    }
    const used = this.consume(data);
    // A copy: a view would keep the whole chunk alive.
    this.pending = Buffer.from(data.subarray(used));
  }

  /** Null when the whole file was well formed, else what is wrong. */
  end(): string | null {
    if (this.problem !== null) return this.problem;
    if (this.stage === 'header') return 'vectors.hnsw is shorter than its header';
    if (this.stage !== 'done') return 'vectors.hnsw is truncated';
    const extra = this.trailing + this.pending.byteLength;
    return extra ? `vectors.hnsw has ${extra} bytes past its end` : null;
  }

  /** Checks every whole item of `data` from the current stage on; returns the bytes used. */
  private consume(data: Buffer): number {
    let at = 0;
    if (this.stage === 'header') {
      if (data.byteLength < HEADER_BYTES) return 0;
      this.problem = this.header(data);
      if (this.problem !== null) return data.byteLength;
      at = HEADER_BYTES;
      this.stage = this.count > 0 ? 'level0' : 'done';
    }
    if (this.stage === 'level0') {
      for (; this.element < this.count && at + this.sizeData <= data.byteLength; this.element++, at += this.sizeData) {
        if (!this.neighboursOk(data, at, this.maxM0)) return this.fail(`vectors.hnsw: element ${this.element} has a bad neighbour list`, data);
        if (this.collect) this.keepVector(data, at);
      }
      if (this.element < this.count) return at;
      this.stage = 'links';
      this.element = 0;
    }
    if (this.stage === 'links') {
      for (; this.element < this.count; this.element++) {
        if (at + 4 > data.byteLength) return at;
        const size = data.readUInt32LE(at);
        if (size % this.linksPerLevel !== 0 || size / this.linksPerLevel > this.maxLevel) return this.fail(`vectors.hnsw: element ${this.element} has bad upper-level links`, data);
        if (at + 4 + size > data.byteLength) return at;
        for (let l = 0; l < size; l += this.linksPerLevel) {
          if (!this.neighboursOk(data, at + 4 + l, this.maxM)) return this.fail(`vectors.hnsw: element ${this.element} has a bad neighbour list`, data);
        }
        at += 4 + size;
      }
      this.stage = 'done';
    }
    this.trailing += data.byteLength - at;
    return data.byteLength;
  }

  /** Keeps the element's vector when its label is asked for and it is not marked deleted (bit 0 of the byte after its link count). */
  private keepVector(data: Buffer, at: number): void {
    const label = Number(data.readBigUInt64LE(at + this.labelOffset));
    if (!this.collect!.has(label) || data[at + 2]! & 1) return;
    // A copy into its own buffer: aligned for Float32Array, and not keeping the chunk alive.
    const bytes = Uint8Array.prototype.slice.call(data, at + this.offsetData, at + this.labelOffset);
    this.collected.set(label, new Float32Array(bytes.buffer, 0, this.want.dimensions));
  }

  private fail(problem: string, data: Buffer): number {
    this.problem = problem;
    return data.byteLength;
  }

  private neighboursOk(data: Buffer, at: number, max: number): boolean {
    const n = data.readUInt16LE(at);
    if (n > max) return false;
    for (let k = 0; k < n; k++) if (data.readUInt32LE(at + 4 + 4 * k) >= this.count) return false;
    return true;
  }

  /** Null when the header matches the expectations. */
  private header(data: Buffer): string | null {
    const { want } = this;
    const u64 = (at: number) => {
      const v = data.readBigUInt64LE(at);
      return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
    };
    const offsetLevel0 = u64(0);
    const maxElements = u64(8);
    const count = u64(16);
    const sizeData = u64(24);
    const labelOffset = u64(32);
    const offsetData = u64(40);
    const maxLevel = data.readInt32LE(48);
    const enterPoint = data.readUInt32LE(52);
    const maxM = u64(56);
    const maxM0 = u64(64);
    const m = u64(72);
    const efConstruction = u64(88);

    const linksLevel0 = maxM0 * 4 + 4;
    const expectHeader: Array<[string, number, number]> = [
      ['offsetLevel0', offsetLevel0, 0],
      ['M', m, want.settings.m],
      ['maxM', maxM, want.settings.m],
      ['maxM0', maxM0, 2 * want.settings.m],
      ['efConstruction', efConstruction, want.settings.efConstruction],
      ['element count', count, want.count],
      ['offsetData', offsetData, linksLevel0],
      ['labelOffset', labelOffset, linksLevel0 + 4 * want.dimensions],
      ['sizeDataPerElement', sizeData, linksLevel0 + 4 * want.dimensions + 8],
    ];
    for (const [name, got, expected] of expectHeader) {
      if (got !== expected) return `vectors.hnsw header: ${name} is ${got}, expected ${expected}`;
    }
    if (maxElements < count || maxElements > want.maxCapacity) return `vectors.hnsw header: capacity ${maxElements} is out of range`;
    if (count === 0 ? maxLevel !== -1 : maxLevel < 0 || maxLevel > 64) return `vectors.hnsw header: top level ${maxLevel} is out of range`;
    if (count > 0 && enterPoint >= count) return `vectors.hnsw header: entry point ${enterPoint} is out of range`;
    Object.assign(this, { count, sizeData, maxLevel, maxM, maxM0, linksPerLevel: maxM * 4 + 4, offsetData, labelOffset });
    return null;
  }
}

/** Null when the file's bytes are a well-formed index matching the expectations, else what is wrong. */
export function hnswFileProblem(data: Buffer, want: HnswExpectations): string | null {
  const check = new HnswFileCheck(want);
  check.push(data);
  return check.end();
}
