import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleMeta } from '../corpus/types.js';
import { UserError } from '../errors.js';
import type { StoredParagraph } from '../types.js';
import { KeywordIndex } from './keyword.js';
import { currentSettings, settingsDiff, type EmbeddingSettings, type IndexSettings, type Manifest } from './manifest.js';
import { VectorIndex } from './vectors.js';

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

export interface ParagraphRecord extends StoredParagraph {
  /** Index into `documents`. */
  doc: number;
  /** HNSW label, or -1 in a keyword-only index. */
  vector: number;
  /** Hash of the embedded text: unchanged text keeps its vector across re-indexes. */
  textHash: string;
}

/**
 * A whole index generation, in memory. A re-index makes a new one; the one
 * exception: a generation handed to `buildIndex` as `previous` has its vector
 * index extended in place, so only one that no longer serves is handed over.
 */
export interface IndexData {
  dir: string;
  manifest: Manifest;
  documents: DocumentRecord[];
  paragraphs: ParagraphRecord[];
  keyword: KeywordIndex;
  vectors: VectorIndex | null;
}

const POINTER = 'CURRENT';
const FILES = { manifest: 'manifest.json', store: 'store.json', keywordMeta: 'keyword.json', keywordData: 'keyword.bin', vectors: 'vectors.hnsw' };

async function fsyncFile(file: string): Promise<void> {
  const fh = await open(file, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Sections start at multiples of 8, so typed arrays can view them where they lie, without a copy. */
const ALIGN = 8;
const aligned = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** Length-prefixed concatenation of buffers, each section 8-byte aligned: one file for all postings. */
function packBuffers(buffers: Buffer[]): Buffer {
  const header = Buffer.alloc(aligned(4 + 8 * buffers.length));
  header.writeUInt32LE(buffers.length, 0);
  buffers.forEach((b, i) => header.writeBigUInt64LE(BigInt(b.byteLength), 4 + 8 * i));
  const parts: Buffer[] = [header];
  for (const b of buffers) parts.push(b, Buffer.alloc(aligned(b.byteLength) - b.byteLength));
  return Buffer.concat(parts);
}

function unpackBuffers(data: Buffer): Buffer[] {
  const n = data.readUInt32LE(0);
  let at = aligned(4 + 8 * n);
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const len = Number(data.readBigUInt64LE(4 + 8 * i));
    if (at + len > data.byteLength) throw new Error('keyword postings truncated');
    out.push(data.subarray(at, at + len));
    at += aligned(len);
  }
  return out;
}

export class IndexDamagedError extends UserError {
  constructor(dir: string, reason: string) {
    super('index.damaged', `The index in ${dir} is damaged (${reason}); it will be rebuilt from the corpus.`, { dir, reason });
  }
}

export class IndexIncompatibleError extends UserError {
  constructor(dir: string, readonly differences: string[]) {
    super('index.incompatible', `The index in ${dir} was built with other settings (${differences.join('; ')}); it must be rebuilt.`, { dir, differences });
  }
}

/**
 * Writes a generation beside the current one and switches to it with one
 * rename of the pointer file. Until that rename, readers (and a crash) see the
 * previous generation whole.
 */
export async function writeGeneration(indexDir: string, data: Omit<IndexData, 'dir'>): Promise<string> {
  await mkdir(indexDir, { recursive: true });
  const name = `gen-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const partial = path.join(indexDir, `${name}.partial`);
  await mkdir(partial, { recursive: true });
  const keywordParts = data.keyword.toParts();
  const written: Record<string, number> = {};
  const put = async (file: string, content: string | Buffer) => {
    const p = path.join(partial, file);
    await writeFile(p, content);
    await fsyncFile(p);
    written[file] = (await stat(p)).size;
  };
  await put(FILES.store, JSON.stringify({ documents: data.documents, paragraphs: data.paragraphs }));
  await put(FILES.keywordMeta, JSON.stringify(keywordParts.meta));
  await put(FILES.keywordData, packBuffers(keywordParts.buffers));
  if (data.vectors) {
    const p = path.join(partial, FILES.vectors);
    await data.vectors.write(p);
    await fsyncFile(p);
    written[FILES.vectors] = (await stat(p)).size;
  }
  const manifest: Manifest = { ...data.manifest, sizes: written };
  await put(FILES.manifest, JSON.stringify(manifest, null, 2));
  const final = path.join(indexDir, name);
  await rename(partial, final);
  const pointerTmp = path.join(indexDir, `${POINTER}.tmp-${process.pid}`);
  await writeFile(pointerTmp, name + '\n');
  await fsyncFile(pointerTmp);
  await rename(pointerTmp, path.join(indexDir, POINTER));
  await removeStaleGenerations(indexDir, name);
  return final;
}

/** Old generations and leftovers of interrupted builds: the serving index lives in memory. */
async function removeStaleGenerations(indexDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(indexDir)) {
    if (entry.startsWith('gen-') && entry !== keep) {
      await rm(path.join(indexDir, entry), { recursive: true, force: true });
    }
  }
}

/** The current generation's folder, or null when no index was ever written. */
export async function currentGeneration(indexDir: string): Promise<string | null> {
  const pointer = path.join(indexDir, POINTER);
  if (!existsSync(pointer)) return null;
  const name = (await readFile(pointer, 'utf8')).trim();
  if (!/^gen-[\w-]+$/.test(name)) throw new IndexDamagedError(indexDir, `pointer file ${POINTER} is unreadable`);
  return path.join(indexDir, name);
}

export async function readManifest(dir: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, FILES.manifest), 'utf8')) as Manifest;
  } catch (e) {
    throw new IndexDamagedError(dir, `manifest unreadable: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!manifest || typeof manifest !== 'object' || !manifest.settings || !manifest.files || !manifest.sizes) {
    throw new IndexDamagedError(dir, 'manifest is missing fields');
  }
  return manifest;
}

/** The current generation's folder and manifest, its data files checked for presence and size; null when there is none. */
async function readCurrent(indexDir: string): Promise<{ dir: string; manifest: Manifest } | null> {
  const dir = await currentGeneration(indexDir);
  if (!dir) return null;
  if (!existsSync(dir)) throw new IndexDamagedError(indexDir, `generation ${path.basename(dir)} is missing`);
  const manifest = await readManifest(dir);
  for (const [file, size] of Object.entries(manifest.sizes)) {
    const p = path.join(dir, file);
    if (!existsSync(p) || (await stat(p)).size !== size) throw new IndexDamagedError(indexDir, `${file} is missing or truncated`);
  }
  return { dir, manifest };
}

/** The current generation's manifest without loading its data (null when there is no index). */
export async function readCurrentManifest(indexDir: string): Promise<Manifest | null> {
  return (await readCurrent(indexDir))?.manifest ?? null;
}

/** Vectors of a generation, with the text hash each label was embedded from. */
export interface ReusableVectors {
  vectors: VectorIndex;
  paragraphs: Array<Pick<ParagraphRecord, 'textHash' | 'vector'>>;
}

/**
 * The current generation's vectors when they were made with `embedding`,
 * whatever its other settings (keyword options, format): what a rebuild under
 * new keyword or text settings can keep instead of embedding everything again.
 * Null when there is nothing usable; never throws.
 */
export async function readReusableVectors(indexDir: string, embedding: EmbeddingSettings): Promise<ReusableVectors | null> {
  try {
    const current = await readCurrent(indexDir);
    const built = current?.manifest.settings.embedding;
    if (!current || !built || JSON.stringify(built) !== JSON.stringify(embedding)) return null;
    const store = JSON.parse(await readFile(path.join(current.dir, FILES.store), 'utf8')) as { paragraphs: ReusableVectors['paragraphs'] };
    const vectors = await VectorIndex.read(path.join(current.dir, FILES.vectors), embedding.dimensions, embedding.hnsw, current.manifest.counts.nextVectorLabel);
    const paragraphs = store.paragraphs.filter((p) => typeof p.textHash === 'string' && Number.isInteger(p.vector));
    return { vectors, paragraphs: paragraphs.map((p) => ({ textHash: p.textHash, vector: p.vector })) };
  } catch {
    return null;
  }
}

/**
 * Loads the current generation. `expected` settings, when given, must match
 * (null embedding in `expected` accepts any index: keyword search works on all).
 */
export async function readGeneration(indexDir: string, expected?: IndexSettings): Promise<IndexData | null> {
  const current = await readCurrent(indexDir);
  if (!current) return null;
  const { dir, manifest } = current;
  const base = currentSettings(manifest.settings.embedding);
  const against = expected ? { ...expected, embedding: expected.embedding ?? manifest.settings.embedding } : base;
  const diff = settingsDiff(manifest.settings, against);
  if (diff.length) throw new IndexIncompatibleError(indexDir, diff);
  try {
    const store = JSON.parse(await readFile(path.join(dir, FILES.store), 'utf8')) as Pick<IndexData, 'documents' | 'paragraphs'>;
    const keyword = KeywordIndex.fromParts(
      JSON.parse(await readFile(path.join(dir, FILES.keywordMeta), 'utf8')),
      unpackBuffers(await readFile(path.join(dir, FILES.keywordData))),
    );
    if (keyword.docCount !== store.paragraphs.length) throw new Error('keyword index and paragraph store disagree');
    const emb = manifest.settings.embedding;
    const vectors = emb
      ? await VectorIndex.read(path.join(dir, FILES.vectors), emb.dimensions, emb.hnsw, manifest.counts.nextVectorLabel)
      : null;
    return { dir, manifest, documents: store.documents, paragraphs: store.paragraphs, keyword, vectors };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new IndexDamagedError(indexDir, (e as Error).message.split('\n')[0] ?? 'unreadable data');
  }
}
