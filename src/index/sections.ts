/** Sections start at multiples of 8, so typed arrays can view them where they lie, without a copy. */
const ALIGN = 8;
const aligned = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** The pieces of `packBuffers`'s bytes in order (header, then each section and its padding): written one after another, no copy is made. */
export function packedPieces(buffers: Uint8Array[]): Uint8Array[] {
  const header = Buffer.alloc(aligned(4 + 8 * buffers.length));
  header.writeUInt32LE(buffers.length, 0);
  buffers.forEach((b, i) => header.writeBigUInt64LE(BigInt(b.byteLength), 4 + 8 * i));
  const parts: Uint8Array[] = [header];
  for (const b of buffers) parts.push(b, Buffer.alloc(aligned(b.byteLength) - b.byteLength));
  return parts;
}

/** Length-prefixed concatenation of buffers, each section 8-byte aligned: one file for many arrays. */
export function packBuffers(buffers: Uint8Array[]): Buffer {
  return Buffer.concat(packedPieces(buffers));
}

/** The sections of `packBuffers`, as views of `data` (no copy). */
export function unpackBuffers(data: Buffer): Buffer[] {
  if (data.byteLength < 4) throw new Error('sections truncated');
  const n = data.readUInt32LE(0);
  let at = aligned(4 + 8 * n);
  if (at > data.byteLength) throw new Error('sections truncated');
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const len = Number(data.readBigUInt64LE(4 + 8 * i));
    if (at + len > data.byteLength) throw new Error('sections truncated');
    out.push(data.subarray(at, at + len));
    at += aligned(len);
  }
  return out;
}

type TypedArrayClass<T> = { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };

/** A typed array over a section: in place when aligned, else (a buffer from a pool) over a copy. */
export function viewOf<T>(C: TypedArrayClass<T>, buf: Uint8Array): T {
  if (buf.byteLength % C.BYTES_PER_ELEMENT !== 0) throw new Error('section size is not a whole number of elements');
  const length = buf.byteLength / C.BYTES_PER_ELEMENT;
  if (buf.byteOffset % C.BYTES_PER_ELEMENT === 0) return new C(buf.buffer as ArrayBuffer, buf.byteOffset, length);
  const copy = new ArrayBuffer(buf.byteLength);
  new Uint8Array(copy).set(buf);
  return new C(copy, 0, length);
}
