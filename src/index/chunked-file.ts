/**
 * Index files read and written a chunk at a time, their sha256 computed on the
 * way: `fs.readFile` refuses files over 2 GiB, and hashing a file read whole
 * holds it in memory as well. Reading a file for use still makes one Buffer
 * of it (the paragraph store and postings are viewed in place), which Node
 * caps at `buffer.constants.MAX_LENGTH` (4 GiB in Node 20, more in Node 22,
 * 1 GiB on 32-bit builds): the segment size caps (build.ts) keep every file
 * well under it, and the store refuses a larger one (`IndexTooLargeError`).
 */
import { constants as bufferConstants } from 'node:buffer';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** The largest file `readHashed` reads: what one Buffer holds in this process. */
export const maxReadBytes = (): number => bufferConstants.MAX_LENGTH;

/** Bytes read or hashed at a time. */
export const CHUNK_BYTES = 8 << 20;

/** Calls `each` with the file's bytes in order, `chunkBytes` at a time (the chunk is reused: copy what is kept); returns the size read. */
export async function eachChunk(file: string, each: (chunk: Buffer) => void, chunkBytes = CHUNK_BYTES): Promise<number> {
  const fh = await open(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let size = 0;
    for (;;) {
      const { bytesRead } = await fh.read(chunk, 0, chunkBytes, size);
      if (bytesRead === 0) return size;
      each(chunk.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

/** sha256 (hex) and size of a file, read a chunk at a time. */
export async function hashFile(file: string, chunkBytes = CHUNK_BYTES): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  const size = await eachChunk(file, (c) => hash.update(c), chunkBytes);
  return { size, sha256: hash.digest('hex') };
}

/**
 * A file's bytes in one Buffer, read a chunk at a time, with their sha256 (hex); `shared`: in shared memory, so
 * that another thread can read them where they lie (keyword-thread.ts).
 */
export async function readHashed(file: string, chunkBytes = CHUNK_BYTES, shared = false): Promise<{ bytes: Buffer; sha256: string }> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size > maxReadBytes()) throw new Error(`${size} bytes, more than one buffer holds (${maxReadBytes()})`);
    const bytes = shared ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafe(size);
    const hash = createHash('sha256');
    let at = 0;
    while (at < size) {
      const { bytesRead } = await fh.read(bytes, at, Math.min(chunkBytes, size - at), at);
      if (bytesRead === 0) throw new Error(`ends at byte ${at} of ${size}`);
      hash.update(bytes.subarray(at, at + bytesRead));
      at += bytesRead;
    }
    return { bytes, sha256: hash.digest('hex') };
  } finally {
    await fh.close();
  }
}

/** Writes `pieces` one after another to a new file and flushes it to the disk; returns its size and sha256 (no copy of the pieces is made). */
export async function writeHashed(file: string, pieces: readonly Uint8Array[]): Promise<{ size: number; sha256: string }> {
  const fh = await open(file, 'w');
  try {
    const hash = createHash('sha256');
    let size = 0;
    for (const piece of pieces) {
      for (let at = 0; at < piece.byteLength; ) {
        const { bytesWritten } = await fh.write(piece, at, Math.min(CHUNK_BYTES, piece.byteLength - at));
        at += bytesWritten;
      }
      hash.update(piece);
      size += piece.byteLength;
    }
    await fh.sync();
    return { size, sha256: hash.digest('hex') };
  } finally {
    await fh.close();
  }
}
