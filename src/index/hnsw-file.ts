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

export interface HnswExpectations {
  dimensions: number;
  settings: HnswSettings;
  /** Elements the index must hold: labels are handed out one per element. */
  count: number;
  /** Upper bound for the stored capacity (it decides how much the loader allocates). */
  maxCapacity: number;
}

/** Null when the file is a well-formed index matching the expectations, else what is wrong. */
export function hnswFileProblem(data: Buffer, want: HnswExpectations): string | null {
  if (data.byteLength < HEADER_BYTES) return 'vectors.hnsw is shorter than its header';
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
  const linksPerLevel = maxM * 4 + 4;
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

  const level0End = HEADER_BYTES + count * sizeData;
  if (level0End > data.byteLength) return 'vectors.hnsw is truncated';
  const neighboursOk = (at: number, max: number): boolean => {
    const n = data.readUInt16LE(at);
    if (n > max) return false;
    for (let k = 0; k < n; k++) if (data.readUInt32LE(at + 4 + 4 * k) >= count) return false;
    return true;
  };
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + i * sizeData;
    if (!neighboursOk(at, maxM0)) return `vectors.hnsw: element ${i} has a bad neighbour list`;
  }
  let at = level0End;
  for (let i = 0; i < count; i++) {
    if (at + 4 > data.byteLength) return 'vectors.hnsw is truncated';
    const size = data.readUInt32LE(at);
    at += 4;
    if (size % linksPerLevel !== 0 || size / linksPerLevel > maxLevel || at + size > data.byteLength) {
      return `vectors.hnsw: element ${i} has bad upper-level links`;
    }
    for (let l = 0; l < size; l += linksPerLevel) if (!neighboursOk(at + l, maxM)) return `vectors.hnsw: element ${i} has a bad neighbour list`;
    at += size;
  }
  if (at !== data.byteLength) return `vectors.hnsw has ${data.byteLength - at} bytes past its end`;
  return null;
}
