import type { CorpusDocument, CorpusWarning } from '../corpus/types.js';
import { bytesOf, parseDocument, readCorpusFiles, type FileStamp } from '../corpus/index.js';
import { UserError } from '../errors.js';
import type { Embedder } from '../model/embedder.js';
import type { IndexProgressEvent, ReindexResult, StoredParagraph } from '../types.js';
import { normalizeForMatch } from '../text/normalize.js';
import { UserDictionary } from '../text/segment.js';
import { titleNormOf, tokensFor } from './fields.js';
import type { Logger } from '../util/log.js';
import { silentLogger } from '../util/log.js';
import { sha256 } from '../util/hash.js';
import { KeywordIndex, KeywordIndexBuilder, type FieldTokens } from './keyword.js';
import { acquireIndexLock } from './lock.js';
import { currentSettings, settingsDiff, type EmbeddingSettings, type Manifest, type SegmentEntry } from './manifest.js';
import {
  CommitReader,
  discardWritten,
  IndexDamagedError,
  IndexTooLargeError,
  newCommitName,
  openCurrentCommit,
  readCurrentManifest,
  readReusableVectors,
  removeUnreferenced,
  switchGeneration,
  writeCommit,
  writeDeletions,
  writeFailure,
  writeSegment,
  type IndexData,
  type ParagraphRecord,
  type SegmentContent,
  type WrittenGeneration,
  type WrittenSegment,
} from './store.js';
import { ParagraphStore } from './paragraphs.js';
import { maxReadBytes } from './chunked-file.js';
import { documentSpan, extendDeletionList, type DeletedParagraph, type Deletions, type DocumentRecord } from './segments.js';
import { DEFAULT_HNSW, VectorIndex } from './vectors.js';

/**
 * When a re-index merges every segment into one instead of adding a segment:
 * past this many segments (each costs a search per query), or when deleted
 * paragraphs pass this share of those the segments hold (they are scored and
 * filtered out, and keep their space).
 */
export interface MergePolicy {
  /** Segments beyond those the size cap requires. */
  maxSegments: number;
  maxDeletedShare: number;
  /** Most paragraphs a segment is built or merged to (Lucene's max merged segment size); default MAX_SEGMENT_PARAGRAPHS. */
  maxSegmentParagraphs?: number;
  /** Most bytes of corpus files a segment is built or merged from; default `defaultSegmentBytes()`. */
  maxSegmentBytes?: number;
}

export const DEFAULT_MERGE_POLICY: MergePolicy = { maxSegments: 8, maxDeletedShare: 0.2 };

/**
 * A build or merge of more paragraphs writes several segments, so no file
 * grows without bound: at this size a segment's graph of 384-dimensional
 * vectors is 1.6 GB, and with paragraphs of the bench corpus's length (about
 * 130 characters) its paragraph store and postings are about 0.6 and 0.55 GB
 * (docs/notes.md).
 */
export const MAX_SEGMENT_PARAGRAPHS = 1_000_000;

/**
 * Bytes of corpus files a segment is built from at most: its paragraph store
 * and postings grow with the text, not the paragraph count (measured 1.4–2.3
 * and 0.7–1.5 bytes per byte of corpus, bench/RESULTS.md: at 1,000,000
 * paragraphs of about 900 characters the paragraph cap alone lets
 * paragraphs.bin reach 3.7 GiB), and each is read into one Buffer. A quarter
 * of what one holds in this process (4 GiB in Node 20), at most 1 GiB, keeps
 * both readable where they were written.
 */
export const defaultSegmentBytes = (): number => Math.min(2 ** 30, Math.floor(maxReadBytes() / 4));

/** What a document adds to a segment, and the most a segment holds. */
interface SegmentSize {
  paragraphs: number;
  bytes: number;
}

/** Whether a document of size `doc` starts a new segment after one holding `held` (a larger document goes alone). */
const startsSegment = (held: SegmentSize, doc: SegmentSize, cap: SegmentSize) =>
  held.paragraphs > 0 && (held.paragraphs + doc.paragraphs > cap.paragraphs || held.bytes + doc.bytes > cap.bytes);

/** How many segments documents of these sizes fill, in order, within `cap`. */
function packedSegments(docs: readonly SegmentSize[], cap: SegmentSize): number {
  let segments = 0;
  const held = { paragraphs: 0, bytes: 0 };
  for (const doc of docs) {
    if (segments === 0 || startsSegment(held, doc, cap)) {
      segments++;
      held.paragraphs = held.bytes = 0;
    }
    held.paragraphs += doc.paragraphs;
    held.bytes += doc.bytes;
  }
  return segments;
}

export interface BuildOptions {
  corpusDir: string;
  indexDir: string;
  /**
   * The current commit when the caller already loaded it: its segments are
   * used as they are in memory (never changed) instead of being read again.
   */
  previous?: IndexData | null;
  /** Null builds a keyword-only index. */
  embedder: Embedder | null;
  /** Re-parse and re-embed everything. */
  full?: boolean;
  mergePolicy?: MergePolicy;
  onProgress?: (e: IndexProgressEvent) => void;
  /** Aborting stops the build before anything is switched in. */
  signal?: AbortSignal;
  log?: Logger;
}

export type BuildOutcome =
  | { result: ReindexResult; unchanged: false; data: IndexData }
  /**
   * Nothing changed and the previous commit was kept as it is. `data` is the
   * commit handed in as `previous`; when none was, it stays unread (null):
   * finding out that nothing changed needs only its manifest.
   */
  | { result: ReindexResult; unchanged: true; data: IndexData | null };

/** A build's new commit, written but not switched in (null when nothing changed), and a reader of it holding what the build loaded. */
export interface Built {
  result: ReindexResult;
  written: WrittenGeneration | null;
  commit: CommitReader | null;
}

function embeddingSettings(embedder: Embedder): EmbeddingSettings {
  return { model: embedder.model, dtype: embedder.dtype, dimensions: embedder.dimensions, hnsw: DEFAULT_HNSW };
}

/** The current generation's manifest when it is whole, else null (the full load then says why). */
async function currentManifest(indexDir: string): Promise<Manifest | null> {
  try {
    return await readCurrentManifest(indexDir);
  } catch {
    return null;
  }
}

/** A manifest file entry's stamp field, absent when there is none (a file changed too recently to vouch for it). */
const stampOf = (stamp: FileStamp | undefined) => (stamp ? { stamp } : {});

/** Whether the corpus folder holds exactly the files, with the same content, that the manifest was built from. */
function sameCorpus(manifest: Manifest, corpusDir: string, files: Array<{ file: string; hash: string }>): boolean {
  const built = manifest.files;
  return manifest.corpusDir === corpusDir && files.length === Object.keys(built).length && files.every((f) => built[f.file]?.hash === f.hash);
}

function toRecords(doc: CorpusDocument): { record: DocumentRecord; paragraphs: ParagraphRecord[] } {
  const paragraphs: ParagraphRecord[] = [];
  const articles = doc.articles.map((a, articleIndex) => {
    const first = paragraphs.length;
    for (const p of a.paragraphs) {
      paragraphs.push({
        id: paragraphs.length,
        file: doc.file,
        paragraph: p.index,
        article: articleIndex,
        ...(p.kind ? { kind: p.kind } : {}),
        text: p.text,
        norm: normalizeForMatch(p.text),
        dates: p.dates,
        people: p.people,
        doc: 0,
        vector: -1,
        textHash: sha256(p.text),
      });
    }
    return {
      title: a.title,
      ...(a.titleInferred ? { titleInferred: true } : {}),
      date: a.date,
      source: a.source,
      ...(a.sourceInferred ? { sourceInferred: true } : {}),
      url: a.url,
      reporters: a.reporters,
      photoCredits: a.photoCredits,
      first,
      count: a.paragraphs.length,
    };
  });
  return { record: { file: doc.file, hash: doc.hash, encoding: doc.encoding, script: doc.script, articles }, paragraphs };
}

/** The people a paragraph names, in matching form: the index's user words are the names of its live paragraphs. */
function namesOf(p: Pick<StoredParagraph, 'people'>): Set<string> {
  return new Set(p.people.map((person) => normalizeForMatch(person.name)));
}

function countNames(into: Record<string, number>, p: Pick<StoredParagraph, 'people'>, by: number): void {
  for (const n of namesOf(p)) {
    const c = (into[n] ?? 0) + by;
    if (c) into[n] = c;
    else delete into[n];
  }
}

const dictionaryOfNames = (names: Record<string, number>) => new UserDictionary(Object.keys(names).filter((n) => names[n]! > 0));

function symmetricDifference(a: readonly string[], b: readonly string[]): string[] {
  const setA = new Set(a);
  const setB = new Set(b);
  return [...a.filter((w) => !setB.has(w)), ...b.filter((w) => !setA.has(w))];
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('index build aborted');
}


/**
 * Builds or updates the index under `indexDir` from `corpusDir`. New and
 * changed files go to a new segment, the paragraphs they replace to deletion
 * lists; unchanged paragraph text keeps its vector; segments merge when the
 * policy says so. The new commit is switched in atomically at the end; an
 * error or abort before that leaves the previous one in place.
 */
export async function buildIndex(o: BuildOptions): Promise<BuildOutcome> {
  return withIndexLock(o.indexDir, o.log ?? silentLogger, async () => {
    const built = await buildWithLockHeld(o, true);
    if (!built.written) return { result: built.result, unchanged: true, data: o.previous ?? null };
    let data: IndexData;
    try {
      data = await built.commit!.load();
    } catch (e) {
      await discardWritten(o.indexDir, [...built.written.added, built.written.name]);
      throw e;
    }
    await switchGeneration(o.indexDir, built.written, o.signal);
    return { result: built.result, unchanged: false, data };
  });
}

/**
 * `buildIndex` for a caller that does not serve the index (the `index`
 * command): the new commit is switched in without being loaded, so the cost is
 * what the change writes, not reading the whole index back.
 */
export async function updateIndex(o: BuildOptions): Promise<{ result: ReindexResult; unchanged: boolean }> {
  return withIndexLock(o.indexDir, o.log ?? silentLogger, async () => {
    const built = await buildWithLockHeld(o);
    if (built.written) await switchGeneration(o.indexDir, built.written, o.signal);
    return { result: built.result, unchanged: !built.written };
  });
}

/** Runs `work` holding the folder's writer lock, after removing what killed builds and older commits left behind. */
export async function withIndexLock<T>(indexDir: string, log: Logger, work: () => Promise<T>): Promise<T> {
  const lock = await acquireIndexLock(indexDir).catch((e: unknown) => {
    throw writeFailure(indexDir, e);
  });
  try {
    const removed = await removeUnreferenced(indexDir);
    if (removed) log.info(`removed ${removed} unfinished or unreferenced index file(s) left by an interrupted run`);
    return await work();
  } finally {
    await lock.release();
  }
}

/** A paragraph of the new segment, and where its vector may come from. */
interface Pending extends ParagraphRecord {
  /** The segment a kept paragraph comes from (its `vector` is a label there), and its id there. */
  from?: string;
  local?: number;
}

/** One corpus file as the new commit has it. */
interface Entry {
  file: string;
  /** Unchanged: the live document of a previous segment. */
  kept?: { segment: string; doc: DocumentRecord };
  /** New or changed: parsed now. */
  parsed?: { record: DocumentRecord; paragraphs: ParagraphRecord[] };
}

/** The live documents of a commit by file, with its segments' name counts net of deletions. */
async function liveDocuments(prev: CommitReader): Promise<{ docs: Map<string, { segment: string; doc: DocumentRecord }>; names: Record<string, number> }> {
  const docs = new Map<string, { segment: string; doc: DocumentRecord }>();
  const names: Record<string, number> = {};
  for (const e of prev.segments) {
    const { documents, names: segmentNames } = await prev.documents(e.name);
    const deletions = await prev.deletions(e.name);
    const deleted = new Set(deletions?.ids ?? []);
    for (const doc of documents) {
      const { first, count } = documentSpan(doc);
      if (count > 0 && !deleted.has(first)) docs.set(doc.file, { segment: e.name, doc });
    }
    for (const [n, c] of Object.entries(segmentNames)) names[n] = (names[n] ?? 0) + c - (deletions?.names[n] ?? 0);
  }
  for (const n of Object.keys(names)) if (names[n]! <= 0) delete names[n];
  return { docs, names };
}

/** The paragraphs of a document of a segment, as records (local ids). */
async function recordsOf(prev: CommitReader, segment: string, doc: DocumentRecord): Promise<ParagraphRecord[]> {
  const store = await prev.paragraphs(segment);
  const { first, count } = documentSpan(doc);
  return Array.from({ length: count }, (_, k) => store.get(first + k));
}

/** What a paragraph's tokens depend on besides the dictionary: its matching text and its article's title. */
const tokenKey = (norm: string, titleNorm: string) => `${titleNorm}\u0000${norm}`;

/** A segment's deletion list after deleting `docs` too: ids, and their names, lengths and terms as indexed (with `dictionary`). */
async function extendDeletions(
  prev: CommitReader,
  segment: string,
  docs: DocumentRecord[],
  dictionary: UserDictionary,
  known: ReadonlyMap<string, FieldTokens> | null,
): Promise<Deletions> {
  const deleted: DeletedParagraph[] = [];
  for (const doc of docs) {
    for (const p of await recordsOf(prev, segment, doc)) {
      const titleNorm = titleNormOf(doc, p.article);
      deleted.push({ id: p.id, names: namesOf(p), tokens: known?.get(tokenKey(p.norm, titleNorm)) ?? tokensFor(p.norm, titleNorm, dictionary) });
    }
  }
  return extendDeletionList(await prev.deletions(segment), deleted);
}

/**
 * The build itself, the caller holding the lock: the new commit is written
 * (`written`), not switched in. A previous commit found damaged while reading
 * what the change needs of it is not built upon: every file is indexed again.
 * `serve`: the caller loads the new commit (`commit.load()`), so the new
 * segments stay in memory for it instead of being read back.
 */
export async function buildWithLockHeld(o: BuildOptions, serve = false): Promise<Built> {
  try {
    return await buildOnce(o, true, serve);
  } catch (e) {
    if (!(e instanceof IndexDamagedError || e instanceof IndexTooLargeError)) throw e;
    (o.log ?? silentLogger).warn(`previous index not reusable as it is, re-indexing every file: ${e.message}`);
    return buildOnce(o, false, serve);
  }
}

async function buildOnce(o: BuildOptions, buildUpon: boolean, serve: boolean): Promise<Built> {
  const started = performance.now();
  const log = o.log ?? silentLogger;
  const emit = o.onProgress ?? (() => {});
  const policy = o.mergePolicy ?? DEFAULT_MERGE_POLICY;
  const embedding = o.embedder ? embeddingSettings(o.embedder) : null;
  const settings = currentSettings(embedding);

  const prevManifest = o.full || !buildUpon ? null : o.previous !== undefined ? (o.previous?.manifest ?? null) : await currentManifest(o.indexDir);
  const sameSettings = prevManifest !== null && !settingsDiff(prevManifest.settings, settings).length;
  // Files whose stamp is as the last scan recorded it are not read again (their hash is the manifest's); only an
  // index built upon, of the same settings and corpus folder, vouches for them.
  const vouched = sameSettings && prevManifest!.corpusDir === o.corpusDir;
  const { files, warnings } = await readCorpusFiles(o.corpusDir, vouched ? { known: prevManifest!.files } : {});
  for (const w of warnings) emit({ phase: 'warning', file: w.file, id: w.id, message: w.message });
  emit({ phase: 'scan', files: files.length });
  checkAbort(o.signal);

  if (prevManifest && sameSettings && sameCorpus(prevManifest, o.corpusDir, files)) {
    const ms = Math.round(performance.now() - started);
    const { documents, paragraphs } = prevManifest.counts;
    // `reused` counts vectors: a keyword-only index reuses none.
    const reused = settings.embedding ? paragraphs : 0;
    const result: ReindexResult = { documents, paragraphs, embedded: 0, reused, removedFiles: [], warnings, ms };
    emit({ phase: 'done', documents, paragraphs, embedded: 0, reused, ms });
    return { result, written: null, commit: null };
  }

  // The previous commit, when the new one can build upon it; anything unreadable means a full build.
  let prev: CommitReader | null = null;
  let live: Awaited<ReturnType<typeof liveDocuments>> = { docs: new Map(), names: {} };
  if (prevManifest && !sameSettings) log.info('index settings changed: re-indexing every file');
  else if (prevManifest) {
    try {
      prev = o.previous ? new CommitReader(o.indexDir, o.previous.dir, o.previous.manifest, o.previous) : await openCurrentCommit(o.indexDir);
      if (prev) live = await liveDocuments(prev);
    } catch (e) {
      log.warn(`previous index not reusable as it is, re-indexing every file (vectors of unchanged text are kept when the model is the same): ${(e as Error).message}`);
      prev = null;
    }
  }

  // Parse what changed; keep the documents of what did not.
  const entries: Entry[] = [];
  const allWarnings: CorpusWarning[] = [...warnings];
  let parsed = 0;
  for (const f of files) {
    checkAbort(o.signal);
    const before = live.docs.get(f.file);
    if (prev && before && before.doc.hash === f.hash) entries.push({ file: f.file, kept: before });
    else {
      const { document, warnings: w } = parseDocument(f.file, bytesOf(f));
      allWarnings.push(...w);
      for (const x of w) emit({ phase: 'warning', file: x.file, id: x.id, message: x.message });
      if (document && document.articles.some((a) => a.paragraphs.length)) entries.push({ file: f.file, parsed: toRecords(document) });
    }
    emit({ phase: 'parse', done: ++parsed, total: files.length, file: f.file });
  }
  checkAbort(o.signal);
  const paragraphCount = entries.reduce((n, e) => n + (e.kept ? documentSpan(e.kept.doc).count : e.parsed!.paragraphs.length), 0);
  if (paragraphCount === 0) {
    // Replacing a working index with an empty one would silence the bot: refuse, and keep the previous index.
    const reasons = allWarnings.slice(0, 5).map((w) => w.message);
    throw new UserError(
      'corpus.empty',
      `No usable paragraph in the ${files.length} file(s) of ${o.corpusDir}; the index was not changed.` +
        (reasons.length ? ` ${reasons.join(' ')}${allWarnings.length > reasons.length ? ` (and ${allWarnings.length - reasons.length} more)` : ''}` : '') +
        ' Add readable .txt or .md articles, then index again.',
      { dir: o.corpusDir, files: files.length },
    );
  }

  // Documents of the previous commit that go: removed and changed files.
  const keptFiles = new Set(entries.filter((e) => e.kept).map((e) => e.file));
  const deleting = new Map<string, DocumentRecord[]>();
  const drop = (segment: string, doc: DocumentRecord) => deleting.set(segment, [...(deleting.get(segment) ?? []), doc]);
  for (const [file, { segment, doc }] of live.docs) if (!keptFiles.has(file)) drop(segment, doc);

  // Names stay whole words; the set is the live paragraphs' own, so segmentation does not depend on how the index was built.
  const prevDictionary = dictionaryOfNames(live.names);
  const names = { ...live.names };
  for (const [segment, docs] of deleting) for (const doc of docs) for (const p of await recordsOf(prev!, segment, doc)) countNames(names, p, -1);
  for (const e of entries) for (const p of e.parsed?.paragraphs ?? []) countNames(names, p, 1);
  const dictionary = dictionaryOfNames(names);
  // Kept documents with a paragraph naming someone gained or lost since are segmented again, in the new segment.
  const changedNames = new UserDictionary(symmetricDifference(prevDictionary.words, dictionary.words));
  const moved = new Set<string>();
  if (prev && changedNames.words.length) {
    for (const e of entries) {
      if (!e.kept) continue;
      const store = await prev.paragraphs(e.kept.segment);
      const { first, count } = documentSpan(e.kept.doc);
      for (let k = 0; k < count; k++) {
        if (changedNames.occursIn(store.norm(first + k))) {
          moved.add(e.file);
          drop(e.kept.segment, e.kept.doc);
          break;
        }
      }
    }
  }

  // Segments hold whole documents in file order, within `cap` (a larger document goes alone).
  const cap: SegmentSize = { paragraphs: policy.maxSegmentParagraphs ?? MAX_SEGMENT_PARAGRAPHS, bytes: policy.maxSegmentBytes ?? defaultSegmentBytes() };
  const countOf = (e: Entry) => (e.kept ? documentSpan(e.kept.doc).count : e.parsed!.paragraphs.length);
  const fileBytes = new Map(files.map((f) => [f.file, f.size]));
  const sizeOf = (e: Entry): SegmentSize => ({ paragraphs: countOf(e), bytes: fileBytes.get(e.file) ?? 0 });

  // Merge when the commit would pass the policy's limits; with no previous commit, the segments are built from scratch.
  let merge = false;
  if (prev) {
    let held = entries.reduce((n, e) => n + (e.parsed ? e.parsed.paragraphs.length : moved.has(e.file) ? documentSpan(e.kept!.doc).count : 0), 0);
    let deleted = 0;
    let segments = held > 0 ? packedSegments(entries.filter((e) => e.parsed || moved.has(e.file)).map(sizeOf), cap) : 0;
    for (const s of prev.segments) {
      const gone = s.deleted + (deleting.get(s.name) ?? []).reduce((n, d) => n + documentSpan(d).count, 0);
      if (gone >= s.paragraphs) continue;
      segments++;
      held += s.paragraphs;
      deleted += gone;
    }
    // Segments beyond those a merge would leave (one per `cap` paragraphs) are what costs searches.
    const merged = packedSegments(entries.map(sizeOf), cap);
    merge = segments - merged >= policy.maxSegments || deleted > policy.maxDeletedShare * held;
    if (merge) log.info(`merging ${segments} segments (${deleted} of ${held} paragraphs deleted) into ${merged}`);
  }
  const whole = !prev || merge;

  // The new segments: every document (merge, full build) or the new, changed and moved ones, in file order, ids their own.
  const groups: Array<{ documents: DocumentRecord[]; records: Pending[]; bytes: number }> = [];
  for (const e of entries) {
    checkAbort(o.signal);
    const inNew = whole || !e.kept || moved.has(e.file);
    if (!inNew) continue;
    let group = groups[groups.length - 1];
    const size = sizeOf(e);
    if (!group || startsSegment({ paragraphs: group.records.length, bytes: group.bytes }, size, cap)) groups.push((group = { documents: [], records: [], bytes: 0 }));
    group.bytes += size.bytes;
    const { documents, records } = group;
    const docIndex = documents.length;
    const first = records.length;
    if (e.kept) {
      const { doc, segment } = e.kept;
      const shift = first - documentSpan(doc).first;
      documents.push({ ...doc, articles: doc.articles.map((a) => ({ ...a, first: a.first + shift })) });
      for (const p of await recordsOf(prev!, segment, doc)) records.push({ ...p, id: records.length, doc: docIndex, from: segment, local: p.id });
    } else {
      const { record, paragraphs } = e.parsed!;
      documents.push({ ...record, articles: record.articles.map((a) => ({ ...a, first: a.first + first })) });
      for (const p of paragraphs) records.push({ ...p, id: records.length, doc: docIndex });
    }
  }

  // Vectors first: they give the new paragraphs their labels, which the paragraph stores hold.
  // Unchanged text keeps its vector (kept in place, or copied from the segment holding it); new text is embedded.
  let graphs: Array<VectorIndex | null> = [];
  let embedded = 0;
  let embeddedParagraphs = 0;
  let nextLabel = prev?.manifest.counts.nextVectorLabel ?? 0;
  if (o.embedder && embedding && groups.length) {
    ({ graphs, embedded, embeddedParagraphs, nextLabel } = await assembleVectors(o, embedding, prev, groups.map((g) => g.records), merge, deleting, emit));
    nextLabel = Math.max(nextLabel, ...graphs.map((g) => g!.nextLabel));
  }
  checkAbort(o.signal);

  const fileEntries: Manifest['files'] = {};
  const stamps = new Map(files.map((f) => [f.file, f.stamp]));
  let documentCount = 0;
  let articleCount = 0;
  for (const e of entries) {
    const doc = e.kept?.doc ?? e.parsed!.record;
    fileEntries[e.file] = { hash: doc.hash, encoding: doc.encoding, paragraphs: documentSpan(doc).count, ...stampOf(stamps.get(e.file)) };
    documentCount++;
    articleCount += doc.articles.length;
  }
  // Files that yielded no passages are remembered too, so an unchanged corpus is recognised.
  for (const f of files) fileEntries[f.file] ??= { hash: f.hash, encoding: 'none', paragraphs: 0, ...stampOf(f.stamp) };

  emit({ phase: 'write' });
  const commitName = newCommitName();
  const added: string[] = [];
  let written: WrittenGeneration;
  const segments: SegmentEntry[] = [];
  const sizes: Record<string, number> = {};
  const checksums: Record<string, string> = {};
  const newDeletions = new Map<string, Deletions>();
  // An update keeps the new paragraphs' tokens: a changed file's paragraphs mostly keep their text, and what a
  // deletion list subtracts for them is then known without segmenting them again.
  const tokensOfNew = whole ? null : new Map<string, FieldTokens>();
  const newSegments: Array<{ written: WrittenSegment; entry: SegmentEntry; held: SegmentContent | null }> = [];
  try {
    // Each new segment is built and written in turn. A caller that serves the new commit holds them all anyway; for
    // one that does not (`updateIndex`, the background worker) each is let go once written, so a build past the size
    // cap holds one segment's postings and paragraph store at a time.
    for (const [i, group] of groups.entries()) {
      const { documents, records } = group;
      // Postings: a merge carries the kept segments' postings over (no re-segmentation); otherwise the new paragraphs are segmented.
      const tokenized = records.filter((p) => !(merge && p.from && !moved.has(p.file)));
      const builder = new KeywordIndexBuilder(settings.keyword);
      for (const p of tokenized) {
        const titleNorm = titleNormOf(documents[p.doc]!, p.article);
        const tokens = tokensFor(p.norm, titleNorm, dictionary);
        tokensOfNew?.set(tokenKey(p.norm, titleNorm), tokens);
        if ((builder.add(tokens) & 1023) === 0) checkAbort(o.signal);
      }
      let keyword = builder.build();
      if (merge) {
        const parts: Array<{ index: KeywordIndex; remap: Int32Array }> = [];
        const fresh = new Int32Array(tokenized.length);
        tokenized.forEach((p, k) => (fresh[k] = p.id));
        parts.push({ index: keyword, remap: fresh });
        for (const s of prev!.segments) {
          const remap = new Int32Array(s.paragraphs).fill(-1);
          let any = false;
          for (const p of records) {
            if (p.from === s.name && !moved.has(p.file)) {
              remap[p.local!] = p.id;
              any = true;
            }
          }
          if (any) parts.push({ index: await prev!.keyword(s.name), remap });
        }
        keyword = KeywordIndex.merge(parts, records.length);
      }
      checkAbort(o.signal);
      const segmentNames: Record<string, number> = {};
      for (const p of records) countNames(segmentNames, p, 1);
      const content: SegmentContent = {
        documents,
        names: segmentNames,
        paragraphs: ParagraphStore.fromRecords(records, documents.map((d) => d.file)),
        keyword,
        vectors: graphs[i] ?? null,
      };
      const segment = await writeSegment(o.indexDir, content, o.signal);
      added.push(segment.name);
      const entry = { name: segment.name, paragraphs: records.length, vectors: content.vectors?.size ?? 0, deleted: 0, deletions: null };
      newSegments.push({ written: segment, entry, held: serve ? content : null });
      if (!serve) {
        group.records = [];
        graphs[i] = null;
      }
    }
    // Only removals (or a moved corpus folder): no new segment, deletion lists alone.
    if (!whole) {
      for (const s of prev!.segments) {
        const goes = deleting.get(s.name);
        const gone = s.deleted + (goes ?? []).reduce((n, d) => n + documentSpan(d).count, 0);
        if (gone >= s.paragraphs) continue; // nothing of it is live: dropped
        let entry = s;
        if (goes?.length) {
          const d = await extendDeletions(prev!, s.name, goes, prevDictionary, changedNames.words.length ? null : tokensOfNew);
          const w = await writeDeletions(o.indexDir, s.name, commitName, d, o.signal);
          added.push(w.file);
          newDeletions.set(w.file, d);
          sizes[w.file] = w.size;
          checksums[w.file] = w.sha256;
          entry = { ...s, deleted: d.ids.length, deletions: w.file };
        }
        for (const file of Object.keys(prev!.manifest.sizes)) {
          if (file.startsWith(`${s.name}/`) && (!file.includes('/del-') || file === entry.deletions)) {
            sizes[file] = prev!.manifest.sizes[file]!;
            checksums[file] = prev!.manifest.checksums[file]!;
          }
        }
        segments.push(entry);
      }
    }
    for (const { written: segment, entry } of newSegments) {
      for (const [file, { size, sha256: sum }] of Object.entries(segment.files)) {
        sizes[file] = size;
        checksums[file] = sum;
      }
      segments.push(entry);
    }
    const manifest: Manifest = {
      settings,
      corpusDir: o.corpusDir,
      files: fileEntries,
      counts: {
        documents: documentCount,
        articles: articleCount,
        paragraphs: paragraphCount,
        nextVectorLabel: nextLabel,
      },
      segments,
      sizes,
      checksums,
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - started),
    };
    written = await writeCommit(o.indexDir, commitName, manifest, added, o.signal);
    const commit = new CommitReader(o.indexDir, written.dir, manifest, null, prev);
    commit.adopt(null, newDeletions);
    for (const { written: segment, held } of newSegments) if (held) commit.adopt({ name: segment.name, ...held }, new Map());
    const removedFiles = Object.keys(prevManifest?.files ?? {}).filter((f) => !fileEntries[f]);
    const ms = Math.round(performance.now() - started);
    const reused = embedding ? paragraphCount - embeddedParagraphs : 0;
    const result: ReindexResult = { documents: documentCount, paragraphs: paragraphCount, embedded, reused, removedFiles, warnings: allWarnings, ms };
    emit({ phase: 'done', documents: documentCount, paragraphs: paragraphCount, embedded, reused, ms });
    return { result, written, commit };
  } catch (e) {
    await discardWritten(o.indexDir, added);
    throw e;
  }
}

/** A graph on disk a new segment may extend instead of adding its vectors again (each taken by one segment at most). */
interface BaseGraph {
  /** A merge: the segment whose paragraphs keep their labels in it. */
  segment: string | null;
  /** A rebuild: labels by the text they were embedded from. */
  byText: Map<string, number>;
  /** Every label it holds: those the new segment does not use are marked deleted. */
  labels: Set<number>;
  open: () => Promise<VectorIndex>;
  taken: boolean;
}

/**
 * The new segments' graphs. A full build extends a graph of the index on disk
 * made with the same model (labels of unchanged text kept) and copies other
 * vectors; a merge extends a graph of a kept segment and adds the other kept
 * paragraphs' vectors under their labels; an update makes graphs of the new
 * paragraphs. Each new segment extends the unused graph whose paragraphs it
 * holds most of. Text that was embedded before (in a changed file, say) has
 * its vector copied; the rest is embedded, identical texts of a segment once,
 * all segments' texts in one call. A label is live in one segment only.
 */
async function assembleVectors(
  o: BuildOptions,
  embedding: EmbeddingSettings,
  prev: CommitReader | null,
  groups: Pending[][],
  merge: boolean,
  deleting: Map<string, DocumentRecord[]>,
  emit: (e: IndexProgressEvent) => void,
): Promise<{ graphs: VectorIndex[]; embedded: number; embeddedParagraphs: number; nextLabel: number }> {
  const bases: BaseGraph[] = [];
  const copyByText = new Map<string, () => Promise<Float32Array>>();
  /** A rebuild copies from the graphs on disk the vectors of text they hold that no segment extending them keeps. */
  const sources: Array<{ byText: Map<string, number>; vectors: VectorIndex }> = [];
  const copyOf = (hash: string): (() => Promise<Float32Array>) | undefined => {
    const copy = copyByText.get(hash);
    if (copy) return copy;
    for (const { byText, vectors } of sources) {
      const label = byText.get(hash);
      if (label !== undefined) return async () => vectors.vector(label);
    }
    return undefined;
  };
  // Labels to copy out of each previous segment, read together when first needed: one pass over its graph file,
  // which is not loaded (an update of 1% of the files copies a thousand vectors out of a graph of a hundred thousand).
  const toCopy = new Map<string, Set<number>>();
  const copiedFrom = new Map<string, Map<number, Float32Array>>();
  const copied = async (segment: string, label: number): Promise<Float32Array> => {
    let vectors = copiedFrom.get(segment);
    if (!vectors?.has(label)) copiedFrom.set(segment, (vectors = await prev!.vectorsOf(segment, toCopy.get(segment)!)));
    return vectors.get(label)!;
  };
  const copyFrom = (hash: string, segment: string, label: number) => {
    if (label < 0 || copyByText.has(hash)) return;
    if (!toCopy.has(segment)) toCopy.set(segment, new Set());
    toCopy.get(segment)!.add(label);
    copyByText.set(hash, () => copied(segment, label));
  };
  let nextLabel = prev?.manifest.counts.nextVectorLabel ?? 0;
  if (!prev) {
    // Vectors depend on the model settings only: after a change of keyword or text settings (an upgrade, say)
    // every file is re-indexed but unchanged text keeps its vector.
    const reusable = o.full ? [] : await readReusableVectors(o.indexDir, embedding);
    for (const source of reusable) {
      const byText = new Map<string, number>();
      for (const p of source.paragraphs) if (p.vector >= 0) byText.set(p.textHash, p.vector);
      bases.push({ segment: null, byText, labels: new Set(byText.values()), open: async () => source.vectors, taken: false });
      sources.push({ byText, vectors: source.vectors });
      nextLabel = Math.max(nextLabel, source.vectors.nextLabel);
    }
  } else {
    // Paragraphs of changed files whose text stays keep their vectors (copied from the segment holding them).
    for (const [segment, docs] of deleting) for (const doc of docs) for (const p of await recordsOf(prev, segment, doc)) copyFrom(p.textHash, segment, p.vector);
    if (merge) {
      for (const s of prev.segments) {
        const store = await prev.paragraphs(s.name);
        const labels = new Set<number>();
        for (let id = 0; id < store.length; id++) if (store.vector(id) >= 0) labels.add(store.vector(id));
        // Extended in place: a copy read from disk, since the loaded one may be serving.
        bases.push({ segment: s.name, byText: new Map(), labels, open: async () => (await prev.freshVectors(s.name))!, taken: false });
      }
    }
  }

  // Labels live in the segments planned so far: a label carried into two segments would be found twice.
  const live = new Set<number>();
  const planned: Array<{ vectors: VectorIndex; unique: Pending[][]; unused: number[] }> = [];
  for (const records of groups) {
    // The graph to extend: the unused one holding most of these paragraphs' vectors.
    const holds = (b: BaseGraph, p: Pending) => (merge && p.from ? p.from === b.segment && !live.has(p.vector) : b.byText.has(p.textHash));
    let base: BaseGraph | null = null;
    let most = 0;
    for (const b of bases) {
      if (b.taken) continue;
      const n = records.reduce((k, p) => k + (holds(b, p) ? 1 : 0), 0);
      if (n > most) [base, most] = [b, n];
    }
    if (base) base.taken = true;
    const vectors = base ? await base.open() : VectorIndex.create(embedding.dimensions, embedding.hnsw, records.length);
    const used = new Set<number>();
    const sameLabel = new Map<number, string>();
    const byText = new Map<string, Pending[]>();
    for (const p of records) {
      if (merge && p.from && !live.has(p.vector)) {
        // A merge keeps every label: in place in the base graph, copied from the others.
        if (p.from === base?.segment) used.add(p.vector);
        else sameLabel.set(p.vector, p.from);
        continue;
      }
      if (p.from) copyFrom(p.textHash, p.from, p.vector);
      const label = base?.byText.get(p.textHash);
      if (label !== undefined) {
        p.vector = label;
        used.add(label);
        continue;
      }
      byText.set(p.textHash, [...(byText.get(p.textHash) ?? []), p]);
    }
    // Marked deleted once every segment is planned: a later one may still copy from this graph.
    const unused = [...(base?.labels ?? [])].filter((label) => !used.has(label));
    const carried: Array<{ label: number; vector: Float32Array }> = [];
    for (const [label, segment] of sameLabel) carried.push({ label, vector: (await prev!.vectors(segment))!.vector(label) });
    vectors.addLabelled(carried);
    for (const label of [...used, ...sameLabel.keys()]) live.add(label);
    const copies: Array<{ label: number; vector: Float32Array }> = [];
    const unique: Pending[][] = [];
    for (const [hash, same] of byText) {
      const read = copyOf(hash);
      if (!read) {
        unique.push(same);
        continue;
      }
      const label = nextLabel++;
      copies.push({ label, vector: await read() });
      for (const p of same) p.vector = label;
      live.add(label);
    }
    vectors.addLabelled(copies);
    planned.push({ vectors, unique, unused });
  }
  for (const { vectors, unused } of planned) for (const label of unused) vectors.remove(label);

  const unique = planned.flatMap((g) => g.unique);
  const embeddedParagraphs = unique.reduce((n, g) => n + g.length, 0);
  const reused = groups.reduce((n, g) => n + g.length, 0) - embeddedParagraphs;
  emit({ phase: 'embed', done: 0, total: unique.length, reused });
  // One call: the embedder sorts all texts by length before batching (less padding than sorting per step).
  const vecs = await o.embedder!.embedPassages(
    unique.map((g) => g[0]!.text),
    (done) => {
      checkAbort(o.signal);
      emit({ phase: 'embed', done, total: unique.length, reused });
    },
  );
  let k = 0;
  for (const g of planned) {
    const items = g.unique.map((same) => {
      const label = nextLabel++;
      for (const p of same) p.vector = label;
      return { label, vector: vecs[k++]! };
    });
    g.vectors.addLabelled(items);
  }
  return { graphs: planned.map((g) => g.vectors), embedded: unique.length, embeddedParagraphs, nextLabel };
}
