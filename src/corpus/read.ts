/**
 * The files of a corpus folder: every `.txt` and `.md` file under it,
 * recursively, in a stable order, with the sha256 of its bytes. What cannot be
 * indexed is skipped with a warning naming the file; only a missing or empty
 * folder is an error.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { CorpusWarning } from './types.js';
import { sha256 } from '../util/hash.js';

export interface CorpusFile {
  /** Path relative to the corpus folder, with forward slashes. */
  file: string;
  /** sha256 of the raw bytes, hex. */
  hash: string;
  bytes: Buffer;
}

export interface ReadOptions {
  /** Larger files are skipped with a warning. */
  maxBytes?: number;
}

/** A scraped article is kilobytes; 20 MB is a data dump or a mistake, and would hold up indexing. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const TEXT_EXTENSIONS = new Set(['.txt', '.md']);

function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** Relative paths of the text files under dir; hidden files and folders are skipped, symbolic links to folders are not followed. */
async function listTextFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await listTextFiles(root, rel)));
    else if (TEXT_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
      if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path.join(root, rel)).catch(() => null))?.isFile())) found.push(rel);
    }
  }
  return found;
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

  const names = (await listTextFiles(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) {
    throw new UserError(
      'corpus.empty',
      `The corpus folder ${dir} holds no .txt or .md files. Add the articles (UTF-8, GB18030 or Big5 text), then index again.`,
      { dir },
    );
  }

  const files: CorpusFile[] = [];
  const warnings: CorpusWarning[] = [];
  const firstWithHash = new Map<string, string>();
  for (const file of names) {
    const full = path.join(dir, file);
    let bytes: Buffer;
    try {
      const { size } = await stat(full);
      if (size > maxBytes) {
        const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
        warnings.push({ file, id: 'corpus.too_large', message: `Skipped ${file}: it is ${mb(size)}, over the ${mb(maxBytes)} limit for one article file.` });
        continue;
      }
      bytes = await readFile(full);
    } catch (e) {
      warnings.push({ file, id: 'corpus.unreadable', message: `Skipped ${file}: it cannot be read (${errorCode(e) ?? (e as Error).message}).` });
      continue;
    }
    if (isBlank(bytes)) {
      warnings.push({ file, id: 'corpus.empty_file', message: `Skipped ${file}: it is empty.` });
      continue;
    }
    const hash = sha256(bytes);
    const earlier = firstWithHash.get(hash);
    if (earlier !== undefined) {
      warnings.push({ file, id: 'corpus.duplicate', message: `Skipped ${file}: it has the same content as ${earlier}, which is indexed once.` });
      continue;
    }
    firstWithHash.set(hash, file);
    files.push({ file, hash, bytes });
  }
  return { files, warnings };
}
