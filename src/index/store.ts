import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { sha256 } from '../util/hash.js';
import { eachChunk, hashFile, maxReadBytes, readHashed, writeHashed } from './chunked-file.js';
import { HnswFileCheck, type HnswExpectations } from './hnsw-file.js';
import { KeywordIndex } from './keyword.js';
import { lockHolder } from './lock.js';
import { currentSettings, FORMAT_VERSION, settingsDiff, type EmbeddingSettings, type IndexSettings, type Manifest, type SegmentEntry } from './manifest.js';
import { ParagraphStore, storedVectorLabels, type ParagraphRecord } from './paragraphs.js';
import { packedPieces, unpackBuffers } from './sections.js';
import { assemble, type Deletions, type DocumentRecord, type LivePart, type Segment, type SegmentedKeyword, type SegmentedParagraphs, type SegmentedVectors } from './segments.js';
import { VectorIndex } from './vectors.js';

export type { ParagraphRecord } from './paragraphs.js';
export type { ArticleRecord, DocumentRecord } from './segments.js';

/**
 * A commit of the index, in memory: its manifest (the commit point), the
 * segments and deletion lists in force, and the index-wide views of them
 * (segments.ts). A re-index makes a new one; segments it shares with the
 * previous commit are the same objects (they never change once written).
 */
export interface IndexData {
  dir: string;
  manifest: Manifest;
  documents: DocumentRecord[];
  paragraphs: SegmentedParagraphs;
  keyword: SegmentedKeyword;
  vectors: SegmentedVectors | null;
  parts: LivePart[];
}

const POINTER = 'CURRENT';
/** Files of a segment folder, and of a generation (commit point) folder. */
const FILES = { store: 'store.json', paragraphs: 'paragraphs.bin', keywordMeta: 'keyword.json', keywordData: 'keyword.bin', vectors: 'vectors.hnsw' };
const MANIFEST = 'manifest.json';

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

/**
 * A segment file larger than one Buffer holds in this process (`maxReadBytes`):
 * written by a process that holds more (Node 22, say) or with larger segments
 * than the build's caps. A full rebuild here writes segments within the limit.
 */
export class IndexTooLargeError extends UserError {
  constructor(dir: string, file: string, size: number, limit: number) {
    super(
      'index.too_large',
      `The index in ${dir} has a file this Node.js cannot read into memory (${file}: ${size} bytes, at most ${limit} here); it was built elsewhere or with larger segments, and a rebuild here writes smaller ones. Rebuild it: npm run cli -- index --index ${dir} --full`,
      { dir, file, size, limit },
    );
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

/** A commit written to its folder but not yet switched in, and the files it added (removed if it never is). */
export interface WrittenGeneration {
  dir: string;
  name: string;
  manifestHash: string;
  added: string[];
}

function abortCheck(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('index build aborted');
}

const uniqueName = (prefix: string) => `${prefix}-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/** Writes `bytes` and flushes them to the disk; returns the manifest's record of the file. */
async function putFile(file: string, bytes: Uint8Array | readonly Uint8Array[]): Promise<{ size: number; sha256: string }> {
  return writeHashed(file, bytes instanceof Uint8Array ? [bytes] : bytes);
}

/** A new segment's content, ids its own. */
export type SegmentContent = Omit<Segment, 'name'>;

/** A segment written (its folder renamed whole when complete), with its files' records relative to the index folder. */
export interface WrittenSegment {
  name: string;
  files: Record<string, { size: number; sha256: string }>;
}

/** Writes a segment's files in a `.partial` folder renamed whole when complete. The caller holds the lock. */
export async function writeSegment(indexDir: string, content: SegmentContent, signal?: AbortSignal): Promise<WrittenSegment> {
  const name = uniqueName('seg');
  const partial = path.join(indexDir, `${name}.partial`);
  const files: WrittenSegment['files'] = {};
  try {
    await mkdir(partial, { recursive: true });
    const put = async (file: string, content: string | Uint8Array | Uint8Array[]) => {
      abortCheck(signal);
      files[`${name}/${file}`] = await putFile(path.join(partial, file), typeof content === 'string' ? Buffer.from(content) : content);
    };
    const keywordParts = content.keyword.toParts();
    const keywordData = packedPieces(keywordParts.buffers);
    // A file the reader could not take in is refused here, before anything is switched: the previous index keeps serving.
    for (const [file, size] of [[FILES.paragraphs, content.paragraphs.toBuffer().byteLength], [FILES.keywordData, keywordData.reduce((n, p) => n + p.byteLength, 0)]] as const) {
      if (size > maxReadBytes()) {
        throw new UserError(
          'index.too_large',
          `A new segment's ${file} would be ${size} bytes, more than this Node.js reads into memory (${maxReadBytes()}); the index was not changed. Build with smaller segments (MergePolicy.maxSegmentBytes).`,
          { indexDir, file, size, limit: maxReadBytes() },
        );
      }
    }
    await put(FILES.store, JSON.stringify({ documents: content.documents, names: content.names }));
    await put(FILES.paragraphs, content.paragraphs.toBuffer());
    await put(FILES.keywordMeta, JSON.stringify(keywordParts.meta));
    await put(FILES.keywordData, keywordData);
    if (content.vectors) {
      abortCheck(signal);
      const p = path.join(partial, FILES.vectors);
      await content.vectors.write(p);
      await fsyncFile(p);
      files[`${name}/${FILES.vectors}`] = await hashFile(p);
    }
    abortCheck(signal);
    await rename(partial, path.join(indexDir, name));
    return { name, files };
  } catch (e) {
    await rm(partial, { recursive: true, force: true }).catch(() => {});
    throw writeFailure(indexDir, e);
  }
}

/** Deletions as written: term frequencies as pairs (terms are any strings, `__proto__` included). */
interface DeletionsFile {
  ids: number[];
  names: Record<string, number>;
  lengths: Record<string, number>;
  df: Record<string, Array<[string, number]>>;
}

/**
 * Writes a segment's deletion list for commit `commit` beside the segment's
 * files (written aside, then renamed). Returns its path relative to the index folder.
 */
export async function writeDeletions(indexDir: string, segment: string, commit: string, d: Deletions, signal?: AbortSignal): Promise<{ file: string; size: number; sha256: string }> {
  abortCheck(signal);
  const file = `${segment}/del-${commit}.json`;
  const aside = path.join(indexDir, `${file}.partial`);
  const body: DeletionsFile = { ids: d.ids, names: d.names, lengths: d.lengths, df: Object.fromEntries(Object.entries(d.df).map(([f, m]) => [f, [...m]])) };
  try {
    const written = await putFile(aside, Buffer.from(JSON.stringify(body)));
    await rename(aside, path.join(indexDir, file));
    return { file, ...written };
  } catch (e) {
    await rm(aside, { force: true }).catch(() => {});
    throw writeFailure(indexDir, e);
  }
}

/** Writes the commit point (the manifest) in its own folder; nothing is switched. */
export async function writeCommit(indexDir: string, name: string, manifest: Manifest, added: string[], signal?: AbortSignal): Promise<WrittenGeneration> {
  const partial = path.join(indexDir, `${name}.partial`);
  try {
    abortCheck(signal);
    await mkdir(partial, { recursive: true });
    const text = JSON.stringify(manifest, null, 2);
    await putFile(path.join(partial, MANIFEST), Buffer.from(text));
    abortCheck(signal);
    const dir = path.join(indexDir, name);
    await rename(partial, dir);
    return { dir, name, manifestHash: sha256(text), added };
  } catch (e) {
    await rm(partial, { recursive: true, force: true }).catch(() => {});
    throw writeFailure(indexDir, e);
  }
}

/** A new commit's name (its folder, and the suffix of the deletion lists it writes). */
export const newCommitName = () => uniqueName('gen');

/** Removes what a commit that will not be switched in wrote. */
export async function discardWritten(indexDir: string, added: string[]): Promise<void> {
  for (const f of added) await rm(path.join(indexDir, f), { recursive: true, force: true }).catch(() => {});
}

/** Makes a written commit the current one (one rename), unless aborted first; then removes what no longer serves. */
export async function switchGeneration(indexDir: string, g: WrittenGeneration, signal?: AbortSignal): Promise<void> {
  const pointerTmp = path.join(indexDir, `${POINTER}.tmp-${process.pid}`);
  try {
    await writeFile(pointerTmp, pointerText(g.name, g.manifestHash));
    await fsyncFile(pointerTmp);
    // The last moment an abort is honoured: after this rename the new commit is the index.
    abortCheck(signal);
    await rename(pointerTmp, path.join(indexDir, POINTER));
  } catch (e) {
    await rm(pointerTmp, { force: true }).catch(() => {});
    await discardWritten(indexDir, [...g.added, g.name]);
    throw writeFailure(indexDir, e);
  }
  await removeUnreferenced(indexDir);
}

/**
 * Removes what the current commit does not reference: older generations,
 * segments and deletion lists no longer in force, leftovers of interrupted
 * builds (`.partial`, pointer files aside). The caller holds the lock; the
 * serving index lives in memory, and a reader loading an older commit meanwhile
 * finds the pointer moved and reads again (`acrossSwitches`). Returns how many
 * were removed.
 */
export async function removeUnreferenced(indexDir: string): Promise<number> {
  const entries = await readdir(indexDir).catch(() => [] as string[]);
  let removed = 0;
  const drop = async (p: string) => {
    await rm(path.join(indexDir, p), { recursive: true, force: true });
    removed++;
  };
  for (const entry of entries) if (entry.endsWith('.partial') || entry.startsWith(`${POINTER}.tmp-`)) await drop(entry);
  // Only a whole current commit says what is still needed; when it is unreadable, nothing else is touched.
  const current = await readCurrentOnce(indexDir).catch(() => null);
  if (!current) return removed;
  const keep = path.basename(current.dir);
  const referenced = new Set(Object.keys(current.manifest.sizes));
  const segments = new Set((current.manifest.segments ?? []).map((s) => s.name));
  for (const entry of entries) {
    if (entry.endsWith('.partial') || entry.startsWith(`${POINTER}.tmp-`)) continue;
    if ((entry.startsWith('gen-') && entry !== keep) || (entry.startsWith('seg-') && !segments.has(entry))) await drop(entry);
    else if (segments.has(entry)) {
      for (const f of await readdir(path.join(indexDir, entry)).catch(() => [] as string[])) {
        if (!referenced.has(`${entry}/${f}`)) await drop(`${entry}/${f}`);
      }
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
  if (manifest.settings.formatVersion === FORMAT_VERSION && !Array.isArray(manifest.segments)) throw new IndexDamagedError(dir, 'manifest lists no segments');
  return manifest;
}

/**
 * Where a manifest's file names are relative to: the index folder (segments,
 * from format 7 on), or the generation folder (older formats, read only to keep their vectors).
 */
const filesBase = (indexDir: string, dir: string, manifest: Manifest) => (manifest.settings.formatVersion >= 7 ? indexDir : dir);

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
  const bytes = await readFile(path.join(dir, MANIFEST)).catch((e: Error) => {
    throw new IndexDamagedError(indexDir, `manifest unreadable: ${e.message.split('\n')[0]}`);
  });
  if (pointer.manifestHash !== null && sha256(bytes) !== pointer.manifestHash) throw new IndexDamagedError(indexDir, 'manifest.json fails its checksum');
  const manifest = parseManifest(indexDir, bytes.toString('utf8'));
  // An index from before checksums is reported as built with other settings (and rebuilt), not as damaged.
  if (pointer.manifestHash === null && manifest.settings.formatVersion === FORMAT_VERSION) throw new IndexDamagedError(indexDir, `pointer file ${POINTER} lacks the manifest checksum`);
  if (manifest.settings.formatVersion === FORMAT_VERSION && (!manifest.checksums || typeof manifest.checksums !== 'object')) {
    throw new IndexDamagedError(indexDir, 'manifest lacks checksums');
  }
  const base = filesBase(indexDir, dir, manifest);
  for (const [file, size] of Object.entries(manifest.sizes)) {
    const actual = await stat(path.join(base, file)).then((st) => st.size, () => null);
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

/**
 * A data file, its bytes checked against the manifest's checksum (`file` relative to `base`); read a chunk at a
 * time, so of any size one Buffer holds; `shared`: in shared memory (`readHashed`).
 */
async function readVerified(indexDir: string, base: string, manifest: Manifest, file: string, shared = false): Promise<Buffer> {
  // The manifest's size was checked against the file's when the commit was opened.
  const size = manifest.sizes[file];
  if (size !== undefined && size > maxReadBytes()) throw new IndexTooLargeError(indexDir, file, size, maxReadBytes());
  const { bytes, sha256: actual } = await readHashed(path.join(base, file), undefined, shared).catch((e: Error) => {
    throw new IndexDamagedError(indexDir, `${file} unreadable: ${e.message.split('\n')[0]}`);
  });
  const expected = manifest.checksums?.[file];
  if (!expected || actual !== expected) throw new IndexDamagedError(indexDir, `${file} fails its checksum`);
  return bytes;
}

/**
 * Null when a graph file passes its checksum and its structure check, else
 * what is wrong: one pass a chunk at a time, so the graph is never held in
 * JavaScript (hnswlib reads the file itself once it passed).
 */
export async function graphFileProblem(file: string, expectedSha256: string | undefined, want: HnswExpectations, name = path.basename(file)): Promise<string | null> {
  return (await checkGraphFile(file, expectedSha256, want, name)).problem;
}

/** `graphFileProblem`, keeping the vectors of the `collect` labels as the file passes. */
async function checkGraphFile(
  file: string,
  expectedSha256: string | undefined,
  want: HnswExpectations,
  name: string,
  collect?: ReadonlySet<number>,
): Promise<{ problem: string | null; vectors: Map<number, Float32Array> }> {
  const check = new HnswFileCheck(want, collect);
  const hash = createHash('sha256');
  await eachChunk(file, (chunk) => {
    hash.update(chunk);
    check.push(chunk);
  });
  const problem = !expectedSha256 || hash.digest('hex') !== expectedSha256 ? `${name} fails its checksum` : check.end();
  return { problem, vectors: check.collected };
}

function graphExpectations(emb: EmbeddingSettings, count: number, paragraphs: number): HnswExpectations {
  return { dimensions: emb.dimensions, settings: emb.hnsw, count, maxCapacity: 4 * Math.max(count, paragraphs) + 1024 };
}

/**
 * A segment's vector file checked against the manifest (checksum and structure), an `IndexDamagedError` when it
 * fails; the vectors of the `collect` labels, kept as the file passes.
 */
async function checkedVectorFile(
  indexDir: string,
  base: string,
  manifest: Manifest,
  file: string,
  emb: EmbeddingSettings,
  count: number,
  paragraphs: number,
  collect?: ReadonlySet<number>,
): Promise<Map<number, Float32Array>> {
  const { problem, vectors } = await checkGraphFile(path.join(base, file), manifest.checksums?.[file], graphExpectations(emb, count, paragraphs), file, collect).catch(
    (e: Error) => {
      throw new IndexDamagedError(indexDir, `${file} unreadable: ${e.message.split('\n')[0]}`);
    },
  );
  if (problem) throw new IndexDamagedError(indexDir, problem);
  return vectors;
}

/** The vector file checked (checksum and structure) before hnswlib, which trusts its bytes, reads it. */
async function readVectorFile(indexDir: string, base: string, manifest: Manifest, file: string, emb: EmbeddingSettings, count: number, paragraphs: number): Promise<VectorIndex> {
  await checkedVectorFile(indexDir, base, manifest, file, emb, count, paragraphs);
  return VectorIndex.read(path.join(base, file), emb.dimensions, emb.hnsw, manifest.counts.nextVectorLabel);
}

/**
 * Reads a commit's segments lazily, one file at a time, each checked against
 * the manifest: a re-index reads only what the change touches. Segments of
 * `reuse` (a loaded commit) with the same name are taken as they are.
 */
export class CommitReader {
  private readonly loaded = new Map<string, Partial<Segment>>();
  private readonly deletionsRead = new Map<string, Deletions>();

  constructor(
    readonly indexDir: string,
    readonly dir: string,
    readonly manifest: Manifest,
    reuse?: IndexData | null,
    /** A reader of an earlier commit: what it loaded of the segments both share is taken over. */
    inherit?: CommitReader | null,
  ) {
    for (const [name, slot] of inherit?.loaded ?? []) this.loaded.set(name, slot);
    for (const [file, d] of inherit?.deletionsRead ?? []) this.deletionsRead.set(file, d);
    for (const { segment } of reuse?.parts ?? []) this.loaded.set(segment.name, { ...segment });
    const entries = new Map(manifest.segments.map((s) => [s.name, s]));
    for (const { segment, deletions } of reuse?.parts ?? []) {
      const file = entries.get(segment.name)?.deletions;
      const previousFile = reuse!.manifest.segments.find((s) => s.name === segment.name)?.deletions;
      if (file && deletions && file === previousFile) this.deletionsRead.set(file, deletions);
    }
  }

  /** A segment (and deletion lists) this process has just written, as it holds them. */
  adopt(segment: Segment | null, deletions: Map<string, Deletions>): void {
    if (segment) this.loaded.set(segment.name, { ...segment });
    for (const [file, d] of deletions) this.deletionsRead.set(file, d);
  }

  /** A segment's graph read from disk again: one the caller may change (the loaded one may be serving). */
  async freshVectors(name: string): Promise<VectorIndex | null> {
    const emb = this.manifest.settings.embedding;
    if (!emb) return null;
    const e = this.entry(name);
    return readVectorFile(this.indexDir, this.indexDir, this.manifest, `${name}/${FILES.vectors}`, emb, e.vectors, e.paragraphs);
  }

  get segments(): SegmentEntry[] {
    return this.manifest.segments;
  }

  private entry(name: string): SegmentEntry {
    const e = this.manifest.segments.find((s) => s.name === name);
    if (!e) throw new Error(`segment ${name} is not in the commit`);
    return e;
  }

  private slot(name: string): Partial<Segment> {
    let s = this.loaded.get(name);
    if (!s) this.loaded.set(name, (s = { name }));
    return s;
  }

  private read(name: string, file: string, shared = false): Promise<Buffer> {
    return readVerified(this.indexDir, this.indexDir, this.manifest, `${name}/${file}`, shared);
  }

  async documents(name: string): Promise<{ documents: DocumentRecord[]; names: Record<string, number> }> {
    const s = this.slot(name);
    if (!s.documents || !s.names) {
      const parsed = JSON.parse((await this.read(name, FILES.store)).toString('utf8')) as { documents: DocumentRecord[]; names: Record<string, number> };
      if (!Array.isArray(parsed.documents) || !parsed.names || typeof parsed.names !== 'object') throw new Error(`${name}/${FILES.store} is missing fields`);
      s.documents = parsed.documents;
      s.names = parsed.names;
    }
    return { documents: s.documents, names: s.names };
  }

  async paragraphs(name: string): Promise<ParagraphStore> {
    const s = this.slot(name);
    if (!s.paragraphs) {
      const { documents } = await this.documents(name);
      const store = ParagraphStore.fromBuffer(await this.read(name, FILES.paragraphs), documents.map((d) => d.file));
      if (store.length !== this.entry(name).paragraphs) throw new Error(`${name}: paragraph store and manifest disagree`);
      s.paragraphs = store;
    }
    return s.paragraphs;
  }

  async keyword(name: string): Promise<KeywordIndex> {
    const s = this.slot(name);
    if (!s.keyword) {
      const keyword = KeywordIndex.fromParts(JSON.parse((await this.read(name, FILES.keywordMeta)).toString('utf8')), unpackBuffers(await this.read(name, FILES.keywordData, true)));
      if (keyword.docCount !== this.entry(name).paragraphs) throw new Error(`${name}: keyword index and paragraph store disagree`);
      s.keyword = keyword;
    }
    return s.keyword;
  }

  async vectors(name: string): Promise<VectorIndex | null> {
    const emb = this.manifest.settings.embedding;
    if (!emb) return null;
    const s = this.slot(name);
    if (!s.vectors) {
      const e = this.entry(name);
      s.vectors = await readVectorFile(this.indexDir, this.indexDir, this.manifest, `${name}/${FILES.vectors}`, emb, e.vectors, e.paragraphs);
    }
    return s.vectors;
  }

  /**
   * The stored vectors of some labels of a segment: from its graph when this
   * process holds it, else read from the file as it is checked, without
   * loading the graph (a small update copies a few vectors out of a large one).
   */
  async vectorsOf(name: string, labels: ReadonlySet<number>): Promise<Map<number, Float32Array>> {
    const emb = this.manifest.settings.embedding;
    if (!emb) return new Map();
    const loaded = this.loaded.get(name)?.vectors;
    if (loaded) return new Map([...labels].map((label) => [label, loaded.vector(label)]));
    const e = this.entry(name);
    const file = `${name}/${FILES.vectors}`;
    const vectors = await checkedVectorFile(this.indexDir, this.indexDir, this.manifest, file, emb, e.vectors, e.paragraphs, labels);
    const missing = [...labels].filter((label) => !vectors.has(label));
    if (missing.length) throw new IndexDamagedError(this.indexDir, `${file} lacks the vectors of ${missing.length} label(s) its paragraphs name (first ${missing[0]})`);
    return vectors;
  }

  async deletions(name: string): Promise<Deletions | null> {
    const file = this.entry(name).deletions;
    if (!file) return null;
    let d = this.deletionsRead.get(file);
    if (!d) {
      const raw = JSON.parse((await readVerified(this.indexDir, this.indexDir, this.manifest, file)).toString('utf8')) as DeletionsFile;
      if (!Array.isArray(raw.ids) || !raw.names || !raw.lengths || !raw.df) throw new Error(`${file} is missing fields`);
      d = { ids: raw.ids, names: raw.names, lengths: raw.lengths, df: Object.fromEntries(Object.entries(raw.df).map(([f, pairs]) => [f, new Map(pairs)])) };
      this.deletionsRead.set(file, d);
    }
    return d;
  }

  /** A whole segment. */
  async segment(name: string): Promise<Segment> {
    const { documents, names } = await this.documents(name);
    return { name, documents, names, paragraphs: await this.paragraphs(name), keyword: await this.keyword(name), vectors: await this.vectors(name) };
  }

  /** The whole commit, put together (segments.ts). */
  async load(): Promise<IndexData> {
    const { manifest } = this;
    const parts: LivePart[] = [];
    for (const e of manifest.segments) parts.push({ segment: await this.segment(e.name), deletions: await this.deletions(e.name) });
    const live = parts.reduce((n, p) => n + p.segment.paragraphs.length - (p.deletions?.ids.length ?? 0), 0);
    if (live !== manifest.counts.paragraphs) throw new Error('segments and manifest disagree on the paragraph count');
    const emb = manifest.settings.embedding;
    const views = assemble(parts, emb);
    if (views.documents.length !== manifest.counts.documents) throw new Error('segments and manifest disagree on the document count');
    return { dir: this.dir, manifest, parts, ...views };
  }
}

/** A commit's data, loaded and checked; `reuse`'s segments are taken as they are. Errors other than UserErrors are damage. */
export async function loadCommit(indexDir: string, dir: string, manifest: Manifest, reuse?: IndexData | null): Promise<IndexData> {
  try {
    return await new CommitReader(indexDir, dir, manifest, reuse).load();
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new IndexDamagedError(indexDir, (e as Error).message.split('\n')[0] ?? 'unreadable data');
  }
}

/** The written commit's manifest, as the builder wrote it. */
export async function readWrittenManifest(written: WrittenGeneration): Promise<Manifest> {
  const bytes = await readFile(path.join(written.dir, MANIFEST));
  if (sha256(bytes) !== written.manifestHash) throw new IndexDamagedError(written.dir, 'manifest.json fails its checksum');
  return parseManifest(written.dir, bytes.toString('utf8'));
}

/** The current commit, for a re-index to build upon: segments read as the change needs them. */
export async function openCurrentCommit(indexDir: string, reuse?: IndexData | null): Promise<CommitReader | null> {
  const current = await readCurrent(indexDir);
  if (!current || current.manifest.settings.formatVersion !== FORMAT_VERSION) return null;
  return new CommitReader(indexDir, current.dir, current.manifest, reuse);
}

/** Vectors of an index, with the text hash each label was embedded from. */
export interface ReusableVectors {
  vectors: VectorIndex;
  paragraphs: Array<Pick<ParagraphRecord, 'textHash' | 'vector'>>;
}

/**
 * The current commit's vectors when they were made with `embedding`,
 * whatever its other settings (keyword options, format): what a rebuild under
 * new keyword or text settings can keep instead of embedding everything again.
 * One entry per segment (one for a format-6 generation), largest first; each
 * vector index is read from disk, so the caller may change it. Empty when
 * there is nothing usable (including an index from before checksums); never throws.
 */
export async function readReusableVectors(indexDir: string, embedding: EmbeddingSettings): Promise<ReusableVectors[]> {
  try {
    const current = await readCurrent(indexDir);
    const built = current?.manifest.settings.embedding;
    if (!current || !built || JSON.stringify(built) !== JSON.stringify(embedding) || !current.manifest.checksums) return [];
    const { dir, manifest } = current;
    const out: ReusableVectors[] = [];
    if (manifest.settings.formatVersion >= 7) {
      for (const e of manifest.segments) {
        const read = (f: string) => readVerified(indexDir, indexDir, manifest, `${e.name}/${f}`);
        const paragraphs = storedVectorLabels(await read(FILES.paragraphs));
        const vectors = await readVectorFile(indexDir, indexDir, manifest, `${e.name}/${FILES.vectors}`, embedding, e.vectors, paragraphs.length);
        out.push({ vectors, paragraphs });
      }
      return out.sort((a, b) => b.paragraphs.length - a.paragraphs.length);
    }
    const store = JSON.parse((await readVerified(indexDir, dir, manifest, FILES.store)).toString('utf8')) as { documents: DocumentRecord[]; paragraphs?: ReusableVectors['paragraphs'] };
    // Indexes before format 6 kept the paragraphs in store.json: their vectors are kept across the upgrade.
    const listed: ReusableVectors['paragraphs'] = [];
    if (Array.isArray(store.paragraphs)) listed.push(...store.paragraphs);
    else listed.push(...storedVectorLabels(await readVerified(indexDir, dir, manifest, FILES.paragraphs)));
    const vectors = await readVectorFile(indexDir, dir, manifest, FILES.vectors, embedding, manifest.counts.nextVectorLabel, listed.length);
    const paragraphs = listed.filter((p) => typeof p.textHash === 'string' && Number.isInteger(p.vector)).map((p) => ({ textHash: p.textHash, vector: p.vector }));
    return [{ vectors, paragraphs }];
  } catch {
    return [];
  }
}

/**
 * Loads the current commit, every file checked against its checksum (the
 * segments of `reuse`, a loaded commit, are taken as they are: they were
 * checked when read and never change). `expected` settings, when given, must
 * match (null embedding in `expected` accepts any index: keyword search works on all).
 */
export async function readGeneration(indexDir: string, expected?: IndexSettings, reuse?: IndexData | null): Promise<IndexData | null> {
  return acrossSwitches(indexDir, () => readGenerationOnce(indexDir, expected, reuse));
}

async function readGenerationOnce(indexDir: string, expected?: IndexSettings, reuse?: IndexData | null): Promise<IndexData | null> {
  const current = await readCurrentOnce(indexDir);
  if (!current) return null;
  const { dir, manifest } = current;
  const base = currentSettings(manifest.settings.embedding);
  const against = expected ? { ...expected, embedding: expected.embedding ?? manifest.settings.embedding } : base;
  const diff = settingsDiff(manifest.settings, against);
  if (diff.length) throw new IndexIncompatibleError(indexDir, diff);
  return loadCommit(indexDir, dir, manifest, reuse);
}
