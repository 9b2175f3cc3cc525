import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleMeta } from '../corpus/types.js';
import { UserError } from '../errors.js';
import { sha256 } from '../util/hash.js';
import { hnswFileProblem } from './hnsw-file.js';
import { KeywordIndex } from './keyword.js';
import { lockHolder } from './lock.js';
import { currentSettings, FORMAT_VERSION, settingsDiff, type EmbeddingSettings, type IndexSettings, type Manifest } from './manifest.js';
import { ParagraphStore, type ParagraphRecord } from './paragraphs.js';
import { packBuffers, unpackBuffers } from './sections.js';
import { VectorIndex } from './vectors.js';

export type { ParagraphRecord } from './paragraphs.js';

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

/**
 * A whole index generation, in memory. A re-index makes a new one; the one
 * exception: a generation handed to `buildIndex` as `previous` has its vector
 * index extended in place, so only one that no longer serves is handed over.
 */
export interface IndexData {
  dir: string;
  manifest: Manifest;
  documents: DocumentRecord[];
  paragraphs: ParagraphStore;
  keyword: KeywordIndex;
  vectors: VectorIndex | null;
}

const POINTER = 'CURRENT';
const FILES = { manifest: 'manifest.json', store: 'store.json', paragraphs: 'paragraphs.bin', keywordMeta: 'keyword.json', keywordData: 'keyword.bin', vectors: 'vectors.hnsw' };

async function fsyncFile(file: string): Promise<void> {
  const fh = await open(file, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class IndexDamagedError extends UserError {
  constructor(dir: string, reason: string) {
    super('index.damaged', `The index in ${dir} is damaged (${reason}). Rebuild it: npm run cli -- index --index ${dir} --full`, { dir, reason });
  }
}

export class IndexIncompatibleError extends UserError {
  constructor(dir: string, readonly differences: string[]) {
    super('index.incompatible', `The index in ${dir} was built with other settings (${differences.join('; ')}); it must be rebuilt.`, { dir, differences });
  }
}

/** A failed write as the operator can act on it: a full disk, permissions, a file where a folder should be. */
export function writeFailure(indexDir: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const detail = { indexDir, code };
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new UserError('index.disk_full', `No space left on the disk holding ${indexDir}: the index could not be written. Free some space and index again; the previous index is kept.`, detail);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new UserError('index.permission', `The index folder ${indexDir} cannot be written (${code}). Give this user write access to it or choose another folder (INDEX_DIR or --index); the previous index is kept.`, detail);
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new UserError('index.not_a_folder', `The index path ${indexDir} is, or lies under, a file. Point INDEX_DIR or --index at a folder.`, detail);
  }
  return e;
}

/** Name and manifest checksum, one per line: the manifest is verified like every other file. */
function pointerText(name: string, manifestHash: string): string {
  return `${name}\n${manifestHash}\n`;
}

/** A generation written to its folder but not yet switched in. */
export interface WrittenGeneration {
  dir: string;
  name: string;
  manifestHash: string;
}

function abortCheck(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('index build aborted');
}

/**
 * Writes a generation beside the current one and switches to it with one
 * rename of the pointer file. Until that rename, readers (and a crash) see the
 * previous generation whole. The caller holds the folder's lock. A failed or
 * aborted write removes what it wrote and switches nothing.
 */
export async function writeGeneration(indexDir: string, data: Omit<IndexData, 'dir'>, signal?: AbortSignal): Promise<string> {
  const written = await writeGenerationFiles(indexDir, data, signal);
  await switchGeneration(indexDir, written, signal);
  return written.dir;
}

/** The files of a generation, in a `.partial` folder renamed whole when complete; nothing is switched. */
export async function writeGenerationFiles(indexDir: string, data: Omit<IndexData, 'dir'>, signal?: AbortSignal): Promise<WrittenGeneration> {
  const name = `gen-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const partial = path.join(indexDir, `${name}.partial`);
  try {
    await mkdir(partial, { recursive: true });
    const keywordParts = data.keyword.toParts();
    const sizes: Record<string, number> = {};
    const checksums: Record<string, string> = {};
    const put = async (file: string, content: string | Buffer) => {
      abortCheck(signal);
      const p = path.join(partial, file);
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      await writeFile(p, bytes);
      await fsyncFile(p);
      sizes[file] = bytes.byteLength;
      checksums[file] = sha256(bytes);
    };
    await put(FILES.store, JSON.stringify({ documents: data.documents }));
    await put(FILES.paragraphs, data.paragraphs.toBuffer());
    await put(FILES.keywordMeta, JSON.stringify(keywordParts.meta));
    await put(FILES.keywordData, packBuffers(keywordParts.buffers));
    if (data.vectors) {
      abortCheck(signal);
      const p = path.join(partial, FILES.vectors);
      await data.vectors.write(p);
      await fsyncFile(p);
      const bytes = await readFile(p);
      sizes[FILES.vectors] = bytes.byteLength;
      checksums[FILES.vectors] = sha256(bytes);
    }
    const manifest: Manifest = { ...data.manifest, sizes, checksums };
    const manifestText = JSON.stringify(manifest, null, 2);
    await put(FILES.manifest, manifestText);
    abortCheck(signal);
    const dir = path.join(indexDir, name);
    await rename(partial, dir);
    return { dir, name, manifestHash: sha256(manifestText) };
  } catch (e) {
    await rm(partial, { recursive: true, force: true }).catch(() => {});
    throw writeFailure(indexDir, e);
  }
}

/** Makes a written generation the current one (one rename), unless aborted first; then removes older ones. */
export async function switchGeneration(indexDir: string, g: WrittenGeneration, signal?: AbortSignal): Promise<void> {
  const pointerTmp = path.join(indexDir, `${POINTER}.tmp-${process.pid}`);
  try {
    await writeFile(pointerTmp, pointerText(g.name, g.manifestHash));
    await fsyncFile(pointerTmp);
    // The last moment an abort is honoured: after this rename the new generation is the index.
    abortCheck(signal);
    await rename(pointerTmp, path.join(indexDir, POINTER));
  } catch (e) {
    await rm(pointerTmp, { force: true }).catch(() => {});
    await rm(g.dir, { recursive: true, force: true }).catch(() => {});
    throw writeFailure(indexDir, e);
  }
  await removeStaleGenerations(indexDir, g.name);
}

/** Old generations and leftovers of interrupted builds (the caller holds the lock): the serving index lives in memory. */
async function removeStaleGenerations(indexDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(indexDir)) {
    if ((entry.startsWith('gen-') && entry !== keep) || entry.startsWith(`${POINTER}.tmp-`)) {
      await rm(path.join(indexDir, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Removes the `.partial` folders that builds killed mid-write left behind
 * (a disk fills up with them otherwise). The caller holds the lock, so none is
 * in progress. Returns how many were removed.
 */
export async function removeLeftoverPartials(indexDir: string): Promise<number> {
  const entries = await readdir(indexDir).catch(() => [] as string[]);
  let removed = 0;
  for (const entry of entries) {
    if (entry.startsWith('gen-') && entry.endsWith('.partial')) {
      await rm(path.join(indexDir, entry), { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

interface Pointer {
  dir: string;
  /** sha256 of manifest.json; null in pointers written before checksums. */
  manifestHash: string | null;
}

async function readPointer(indexDir: string): Promise<Pointer | null> {
  const pointer = path.join(indexDir, POINTER);
  if (!existsSync(pointer)) return null;
  const [name = '', hash = ''] = (await readFile(pointer, 'utf8')).split('\n').map((l) => l.trim());
  if (!/^gen-[\w-]+$/.test(name) || (hash && !/^[0-9a-f]{64}$/.test(hash))) throw new IndexDamagedError(indexDir, `pointer file ${POINTER} is unreadable`);
  return { dir: path.join(indexDir, name), manifestHash: hash || null };
}

/** The current generation's folder, or null when no index was ever written. */
export async function currentGeneration(indexDir: string): Promise<string | null> {
  return (await readPointer(indexDir))?.dir ?? null;
}

function parseManifest(dir: string, text: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch (e) {
    throw new IndexDamagedError(dir, `manifest unreadable: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!manifest || typeof manifest !== 'object' || !manifest.settings || !manifest.files || !manifest.sizes) {
    throw new IndexDamagedError(dir, 'manifest is missing fields');
  }
  return manifest;
}

export async function readManifest(dir: string): Promise<Manifest> {
  const text = await readFile(path.join(dir, FILES.manifest), 'utf8').catch((e: Error) => {
    throw new IndexDamagedError(dir, `manifest unreadable: ${e.message.split('\n')[0]}`);
  });
  return parseManifest(dir, text);
}

/**
 * The current generation's folder and manifest, the manifest checked against
 * the pointer's checksum and the data files for presence and size (their
 * checksums are checked as they are read); null when there is none.
 */
async function readCurrentOnce(indexDir: string): Promise<{ dir: string; manifest: Manifest } | null> {
  const pointer = await readPointer(indexDir);
  if (!pointer) return null;
  const { dir } = pointer;
  if (!existsSync(dir)) throw new IndexDamagedError(indexDir, `generation ${path.basename(dir)} is missing`);
  const bytes = await readFile(path.join(dir, FILES.manifest)).catch((e: Error) => {
    throw new IndexDamagedError(indexDir, `manifest unreadable: ${e.message.split('\n')[0]}`);
  });
  if (pointer.manifestHash !== null && sha256(bytes) !== pointer.manifestHash) throw new IndexDamagedError(indexDir, 'manifest.json fails its checksum');
  const manifest = parseManifest(indexDir, bytes.toString('utf8'));
  // An index from before checksums is reported as built with other settings (and rebuilt), not as damaged.
  if (pointer.manifestHash === null && manifest.settings.formatVersion === FORMAT_VERSION) throw new IndexDamagedError(indexDir, `pointer file ${POINTER} lacks the manifest checksum`);
  if (manifest.settings.formatVersion === FORMAT_VERSION && (!manifest.checksums || typeof manifest.checksums !== 'object')) {
    throw new IndexDamagedError(indexDir, 'manifest lacks checksums');
  }
  for (const [file, size] of Object.entries(manifest.sizes)) {
    const actual = await stat(path.join(dir, file)).then((st) => st.size, () => null);
    if (actual !== size) throw new IndexDamagedError(indexDir, `${file} is missing or truncated`);
  }
  return { dir, manifest };
}

/**
 * Runs a read of the current generation; when it finds damage but the pointer
 * moved meanwhile (a writer switched generations and removed the old one), it
 * is a switch, not damage: read again.
 */
async function acrossSwitches<T>(indexDir: string, read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const before = await readFile(path.join(indexDir, POINTER), 'utf8').catch(() => null);
    try {
      return await read();
    } catch (e) {
      if (!(e instanceof IndexDamagedError) || attempt >= 4) throw e;
      const after = await readFile(path.join(indexDir, POINTER), 'utf8').catch(() => null);
      if (after === before && (await lockHolder(indexDir)) === null) throw e;
      // The pointer moved, or a writer is at work and may be about to move it.
      if (after === before) await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }
}

async function readCurrent(indexDir: string): Promise<{ dir: string; manifest: Manifest } | null> {
  return acrossSwitches(indexDir, () => readCurrentOnce(indexDir));
}

/** The current generation's manifest without loading its data (null when there is no index). */
export async function readCurrentManifest(indexDir: string): Promise<Manifest | null> {
  return (await readCurrent(indexDir))?.manifest ?? null;
}

/** A data file of a generation, its bytes checked against the manifest's checksum. */
async function readVerified(indexDir: string, dir: string, manifest: Manifest, file: string): Promise<Buffer> {
  const bytes = await readFile(path.join(dir, file)).catch((e: Error) => {
    throw new IndexDamagedError(indexDir, `${file} unreadable: ${e.message.split('\n')[0]}`);
  });
  const expected = manifest.checksums?.[file];
  if (!expected || sha256(bytes) !== expected) throw new IndexDamagedError(indexDir, `${file} fails its checksum`);
  return bytes;
}

/** The vector file checked (checksum, then structure) before hnswlib, which trusts its bytes, reads it. */
export async function readVectors(indexDir: string, dir: string, manifest: Manifest, emb: EmbeddingSettings, paragraphs: number): Promise<VectorIndex> {
  const bytes = await readVerified(indexDir, dir, manifest, FILES.vectors);
  const count = manifest.counts.nextVectorLabel;
  const problem = hnswFileProblem(bytes, { dimensions: emb.dimensions, settings: emb.hnsw, count, maxCapacity: 4 * Math.max(count, paragraphs) + 1024 });
  if (problem) throw new IndexDamagedError(indexDir, problem);
  return VectorIndex.read(path.join(dir, FILES.vectors), emb.dimensions, emb.hnsw, count);
}

/** Vectors of a generation, with the text hash each label was embedded from. */
export interface ReusableVectors {
  vectors: VectorIndex;
  paragraphs: Iterable<Pick<ParagraphRecord, 'textHash' | 'vector'>>;
}

/**
 * The current generation's vectors when they were made with `embedding`,
 * whatever its other settings (keyword options, format): what a rebuild under
 * new keyword or text settings can keep instead of embedding everything again.
 * Null when there is nothing usable (including an index from before checksums); never throws.
 */
export async function readReusableVectors(indexDir: string, embedding: EmbeddingSettings): Promise<ReusableVectors | null> {
  try {
    const current = await readCurrent(indexDir);
    const built = current?.manifest.settings.embedding;
    if (!current || !built || JSON.stringify(built) !== JSON.stringify(embedding) || !current.manifest.checksums) return null;
    const { dir, manifest } = current;
    const store = JSON.parse((await readVerified(indexDir, dir, manifest, FILES.store)).toString('utf8')) as Pick<IndexData, 'documents'> & {
      paragraphs?: ReusableVectors['paragraphs'];
    };
    // Indexes before format 6 kept the paragraphs in store.json: their vectors are kept across the upgrade.
    const listed: Array<Pick<ParagraphRecord, 'textHash' | 'vector'>> = [];
    if (Array.isArray(store.paragraphs)) listed.push(...store.paragraphs);
    else {
      const all = ParagraphStore.fromBuffer(await readVerified(indexDir, dir, manifest, FILES.paragraphs), store.documents.map((d) => d.file));
      for (let id = 0; id < all.length; id++) listed.push({ textHash: all.textHash(id), vector: all.vector(id) });
    }
    const vectors = await readVectors(indexDir, dir, manifest, embedding, listed.length);
    const paragraphs = listed.filter((p) => typeof p.textHash === 'string' && Number.isInteger(p.vector));
    return { vectors, paragraphs: paragraphs.map((p) => ({ textHash: p.textHash, vector: p.vector })) };
  } catch {
    return null;
  }
}

/**
 * Loads the current generation, every file checked against its checksum.
 * `expected` settings, when given, must match (null embedding in `expected`
 * accepts any index: keyword search works on all).
 */
export async function readGeneration(indexDir: string, expected?: IndexSettings): Promise<IndexData | null> {
  return acrossSwitches(indexDir, () => readGenerationOnce(indexDir, expected));
}

async function readGenerationOnce(indexDir: string, expected?: IndexSettings): Promise<IndexData | null> {
  const current = await readCurrentOnce(indexDir);
  if (!current) return null;
  const { dir, manifest } = current;
  const base = currentSettings(manifest.settings.embedding);
  const against = expected ? { ...expected, embedding: expected.embedding ?? manifest.settings.embedding } : base;
  const diff = settingsDiff(manifest.settings, against);
  if (diff.length) throw new IndexIncompatibleError(indexDir, diff);
  try {
    const { documents } = JSON.parse((await readVerified(indexDir, dir, manifest, FILES.store)).toString('utf8')) as Pick<IndexData, 'documents'>;
    const paragraphs = ParagraphStore.fromBuffer(await readVerified(indexDir, dir, manifest, FILES.paragraphs), documents.map((d) => d.file));
    const keyword = KeywordIndex.fromParts(
      JSON.parse((await readVerified(indexDir, dir, manifest, FILES.keywordMeta)).toString('utf8')),
      unpackBuffers(await readVerified(indexDir, dir, manifest, FILES.keywordData)),
    );
    if (keyword.docCount !== paragraphs.length) throw new Error('keyword index and paragraph store disagree');
    const emb = manifest.settings.embedding;
    const vectors = emb ? await readVectors(indexDir, dir, manifest, emb, paragraphs.length) : null;
    return { dir, manifest, documents, paragraphs, keyword, vectors };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new IndexDamagedError(indexDir, (e as Error).message.split('\n')[0] ?? 'unreadable data');
  }
}
