/**
 * The files of a corpus folder: every `.txt` and `.md` file under it,
 * recursively, in a stable order, with the sha256 of its bytes. What cannot be
 * indexed is skipped with a warning naming the file; only a missing or empty
 * folder is an error. Nothing outside the folder is read (see listTextFiles).
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { CorpusWarning } from './types.js';
import { sha256 } from '../util/hash.js';

export interface CorpusFile {
  /** Path relative to the corpus folder, with forward slashes. */
  file: string;
  /** sha256 of the raw bytes, hex. */
  hash: string;
  /** The raw bytes; null when the file is as the last index found it (`ReadOptions.known`) and was not read: see `bytesOf`. */
  bytes: Buffer | null;
  size: number;
  /** Its stamp when read, if old enough to vouch for the content next time (see `settled`). */
  stamp?: FileStamp;
  /** Where it is read from (a link inside the corpus is read at its target). */
  real: string;
}

/** What the file system says of a file, as compared between scans (size, modification and change times, inode). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** A file as an earlier scan found it. */
export interface KnownFile {
  hash: string;
  stamp?: FileStamp;
}

export interface ReadOptions {
  /** Larger files are skipped with a warning. */
  maxBytes?: number;
  /**
   * Files as the last index's scan found them: one whose stamp is unchanged is not read again (as git compares
   * its index's stat data), its hash taken as it was.
   */
  known?: Readonly<Record<string, KnownFile>>;
}

/**
 * A coarse file system's timestamp step (FAT: 2 s). A file modified less than this before it is read could be
 * changed again within the same tick, keeping its stamp: its stamp is not recorded, and it is read next time.
 */
export const RACY_MS = 2000;

/** Whether a stamp taken at `readAt` can vouch for the content read: the file was last changed a tick or more before. */
export function settled(stamp: FileStamp, readAt: number): boolean {
  return Math.max(stamp.mtimeMs, stamp.ctimeMs) < readAt - RACY_MS;
}

/** Whether a file's stamp is the one recorded when it was last read. */
export function unchangedSince(before: FileStamp | undefined, now: FileStamp): boolean {
  return before !== undefined && before.size === now.size && before.mtimeMs === now.mtimeMs && before.ctimeMs === now.ctimeMs && before.ino === now.ino;
}

/** A file's bytes: as read by the scan, or read now (its hash updated if it changed since the scan). */
export function bytesOf(f: CorpusFile): Buffer {
  if (f.bytes) return f.bytes;
  const got = readRegularFile(f.real, Infinity, null);
  if (!('bytes' in got) || !got.bytes) throw new Error(`${f.file} cannot be read again: ${'kind' in got ? got.kind : 'it changed'}`);
  f.bytes = got.bytes;
  f.hash = sha256(got.bytes);
  return got.bytes;
}

/** A scraped article is kilobytes; 20 MB is a data dump or a mistake, and would hold up indexing. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const TEXT_EXTENSIONS = new Set(['.txt', '.md']);

function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

interface Listing {
  /** Relative path (as the corpus names it) and the real path it is read from. */
  files: Array<{ rel: string; real: string }>;
  warnings: CorpusWarning[];
}

function kindOf(s: Stats): string {
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Whether `real` lies inside `root` and no part of it below `root` is hidden (`.env`, `.git/…`). */
function insideCorpus(root: string, real: string): boolean {
  const rel = path.relative(root, real);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).some((part) => part.startsWith('.'));
}

/**
 * The text files under the corpus folder. The folder is the boundary: a
 * symbolic link to a file is followed only when its target lies inside it (and
 * is not hidden); links to folders inside it are not followed (the folder is
 * listed where it is); links elsewhere, dangling or looping links, FIFOs, sockets and
 * devices are skipped with a warning naming them. Hidden files and folders
 * (`.env`, `.git`) are never read.
 */
async function listTextFiles(root: string, relative: string, out: Listing): Promise<void> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    const full = path.join(root, rel);
    const isText = TEXT_EXTENSIONS.has(path.extname(entry.name).toLowerCase());
    const skip = (id: string, why: string) => out.warnings.push({ file: rel, id, message: `Skipped ${rel}: ${why}.` });
    let real = full;
    let info: Stats;
    if (entry.isSymbolicLink()) {
      try {
        real = await realpath(full);
      } catch (e) {
        const code = errorCode(e);
        if (code === 'ELOOP') skip('corpus.link_loop', 'it is a symbolic link that loops');
        else if (code === 'ENOENT') skip('corpus.broken_link', `it is a symbolic link to ${await readlink(full).catch(() => 'nothing')}, which does not exist`);
        else skip('corpus.unreadable', `it is a symbolic link that cannot be followed (${code ?? (e as Error).message})`);
        continue;
      }
      if (!insideCorpus(root, real)) {
        skip('corpus.outside', 'it is a symbolic link to a file outside the corpus folder (or to a hidden one); only links within the folder are followed');
        continue;
      }
      info = await stat(real);
      // A folder inside the corpus is listed where it is; through the link its files would come twice.
      if (info.isDirectory()) continue;
    } else if (entry.isDirectory()) {
      await listTextFiles(root, rel, out);
      continue;
    } else if (entry.isFile()) {
      // The directory entry says what it is; the read checks again (O_NOFOLLOW, fstat) in case it was swapped since.
      if (isText) out.files.push({ rel, real });
      continue;
    } else {
      skip('corpus.not_regular', `it is ${kindOf(await lstat(full))}`);
      continue;
    }
    if (info.isDirectory()) await listTextFiles(root, rel, out);
    else if (!info.isFile()) skip('corpus.not_regular', `it is ${kindOf(info)}`);
    else if (isText) out.files.push({ rel, real });
  }
}

/**
 * A regular file's bytes, never blocking on a FIFO swapped in meanwhile; else its size when too large, or what it is instead.
 * Synchronous: a read through fs/promises costs several thread-pool round trips, 2,000 files 0.3–0.5 s of CPU against
 * 0.05 s (bench/RESULTS.md, re-index); a re-index runs in its own process or before the engine serves.
 */
function readRegularFile(
  file: string,
  maxBytes: number,
  unchanged: ((stamp: FileStamp) => boolean) | null,
): { bytes: Buffer | null; stamp: FileStamp } | { size: number } | { kind: string } {
  const fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { kind: kindOf(info) };
    if (info.size > maxBytes) return { size: info.size };
    const stamp = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };
    return { bytes: unchanged?.(stamp) ? null : readFileSync(fd), stamp };
  } finally {
    closeSync(fd);
  }
}

/** Only whitespace (and maybe a UTF-8 byte-order mark). */
function isBlank(bytes: Uint8Array): boolean {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

/**
 * Reads the corpus folder. Throws `UserError('corpus.missing')` when the folder
 * does not exist and `UserError('corpus.empty')` when it holds no `.txt`/`.md`
 * file. Files too large, empty, unreadable or identical to an earlier one are
 * skipped with a warning; decoding is left to `parseDocument`.
 */
export async function readCorpusFiles(
  dir: string,
  options: ReadOptions = {},
): Promise<{ files: CorpusFile[]; warnings: CorpusWarning[] }> {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const info = await stat(dir).catch((e: unknown) => {
    if (errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR') return null;
    throw e;
  });
  if (!info?.isDirectory()) {
    throw new UserError(
      'corpus.missing',
      `The corpus folder ${dir} ${info ? 'is a file, not a folder' : 'does not exist'}. ` +
        'Put the articles (.txt or .md files) in a folder and point CORPUS_DIR or --corpus at it.',
      { dir },
    );
  }

  const root = await realpath(dir);
  const listing: Listing = { files: [], warnings: [] };
  await listTextFiles(root, '', listing);
  const names = listing.files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  if (names.length === 0) {
    throw new UserError(
      'corpus.empty',
      `The corpus folder ${dir} holds no .txt or .md files. Add the articles (UTF-8, GB18030 or Big5 text), then index again.`,
      { dir },
    );
  }

  const files: CorpusFile[] = [];
  const warnings: CorpusWarning[] = [...listing.warnings];
  const firstWithHash = new Map<string, string>();
  for (const { rel: file, real } of names) {
    let bytes: Buffer | null;
    let stamp: FileStamp;
    const before = options.known?.[file];
    try {
      const got = readRegularFile(real, maxBytes, before ? (now) => unchangedSince(before.stamp, now) : null);
      if ('size' in got) {
        const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
        warnings.push({ file, id: 'corpus.too_large', message: `Skipped ${file}: it is ${mb(got.size)}, over the ${mb(maxBytes)} limit for one article file.` });
        continue;
      }
      if ('kind' in got) {
        warnings.push({ file, id: 'corpus.not_regular', message: `Skipped ${file}: it is ${got.kind}.` });
        continue;
      }
      ({ bytes, stamp } = got);
    } catch (e) {
      warnings.push({ file, id: 'corpus.unreadable', message: `Skipped ${file}: it cannot be read (${errorCode(e) ?? (e as Error).message}).` });
      continue;
    }
    // Unread (unchanged since the last index, which held it): neither blank nor of another hash then.
    if (bytes && isBlank(bytes)) {
      warnings.push({ file, id: 'corpus.empty_file', message: `Skipped ${file}: it is empty.` });
      continue;
    }
    const hash = bytes ? sha256(bytes) : before!.hash;
    const earlier = firstWithHash.get(hash);
    if (earlier !== undefined) {
      warnings.push({ file, id: 'corpus.duplicate', message: `Skipped ${file}: it has the same content as ${earlier}, which is indexed once.` });
      continue;
    }
    firstWithHash.set(hash, file);
    files.push({ file, hash, bytes, size: stamp.size, real, ...(settled(stamp, Date.now()) ? { stamp } : {}) });
  }
  return { files, warnings };
}
