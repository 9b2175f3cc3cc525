/**
 * Index files are read, hashed and written a chunk at a time (Node refuses to
 * read a file over 2 GiB whole): whatever the chunk size, the bytes and
 * checksums are those of the file, and a damaged file fails its checksum.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachChunk, hashFile, readHashed, writeHashed } from '../../src/index/chunked-file.js';
import { mulberry32 } from '../../src/util/random.js';

let work: string;
let file: string;
let bytes: Buffer;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'chunked-'));
  file = path.join(work, 'data.bin');
  const random = mulberry32(3);
  bytes = Buffer.from(Array.from({ length: 20_003 }, () => Math.floor(random() * 256)));
  writeFileSync(file, bytes);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('chunked index files', () => {
  it.each([3, 7, 4096, 20_003, 1 << 20])('read and hashed %i bytes at a time: the file and its sha256', async (chunk) => {
    const read = await readHashed(file, chunk);
    expect(read.bytes.equals(bytes)).toBe(true);
    expect(read.sha256).toBe(sha(bytes));
    expect(await hashFile(file, chunk)).toEqual({ size: bytes.length, sha256: sha(bytes) });
    const seen: Buffer[] = [];
    expect(await eachChunk(file, (c) => seen.push(Buffer.from(c)), chunk)).toBe(bytes.length);
    expect(seen.every((c) => c.length <= chunk)).toBe(true);
    expect(Buffer.concat(seen).equals(bytes)).toBe(true);
  });

  it('a flipped byte changes the checksum read in chunks', async () => {
    const damaged = path.join(work, 'damaged.bin');
    const copy = Buffer.from(bytes);
    copy[17_777] = copy[17_777]! ^ 1;
    writeFileSync(damaged, copy);
    expect((await readHashed(damaged, 4096)).sha256).not.toBe(sha(bytes));
    expect((await hashFile(damaged, 4096)).sha256).not.toBe(sha(bytes));
  });

  it('writes pieces one after another, with their size and sha256', async () => {
    const out = path.join(work, 'written.bin');
    const pieces = [bytes.subarray(0, 10), new Uint8Array(0), bytes.subarray(10, 15_000), bytes.subarray(15_000)];
    expect(await writeHashed(out, pieces)).toEqual({ size: bytes.length, sha256: sha(bytes) });
    expect(readFileSync(out).equals(bytes)).toBe(true);
  });
});
