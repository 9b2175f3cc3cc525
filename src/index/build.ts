import type { CorpusDocument, CorpusWarning } from '../corpus/types.js';
import { parseDocument, readCorpusFiles } from '../corpus/index.js';
import { UserError } from '../errors.js';
import type { Embedder } from '../model/embedder.js';
import type { IndexProgressEvent, ReindexResult } from '../types.js';
import { normalizeForMatch } from '../text/normalize.js';
import { UserDictionary } from '../text/segment.js';
import { dictionaryOf, tokensFor, userDictionary } from './fields.js';
import type { Logger } from '../util/log.js';
import { silentLogger } from '../util/log.js';
import { sha256 } from '../util/hash.js';
import { KeywordIndexBuilder } from './keyword.js';
import { acquireIndexLock } from './lock.js';
import { currentSettings, settingsDiff, type EmbeddingSettings, type Manifest } from './manifest.js';
import {
  readCurrentManifest,
  removeLeftoverPartials,
  switchGeneration,
  writeFailure,
  writeGenerationFiles,
  type WrittenGeneration,
  readGeneration,
  readReusableVectors,
  type ReusableVectors,
  type DocumentRecord,
  type IndexData,
  type ParagraphRecord,
} from './store.js';
import { ParagraphStore } from './paragraphs.js';
import { DEFAULT_HNSW, VectorIndex } from './vectors.js';

export interface BuildOptions {
  corpusDir: string;
  indexDir: string;
  /**
   * The current generation when the caller already loaded it and hands it over
   * (its vector index is extended in place); otherwise it is read from disk, so
   * an index that is serving queries is never modified.
   */
  previous?: IndexData | null;
  /** Null builds a keyword-only index. */
  embedder: Embedder | null;
  /** Re-parse and re-embed everything. */
  full?: boolean;
  onProgress?: (e: IndexProgressEvent) => void;
  /** Aborting stops the build before anything is switched in. */
  signal?: AbortSignal;
  log?: Logger;
}

export type BuildOutcome =
  | { result: ReindexResult; unchanged: false; data: IndexData }
  /**
   * Nothing changed and the previous generation was kept as it is. `data` is the
   * generation handed in as `previous`; when none was, it stays unread (null):
   * finding out that nothing changed needs only its manifest.
   */
  | { result: ReindexResult; unchanged: true; data: IndexData | null };

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

/** Whether the corpus folder holds exactly the files, with the same content, that the manifest was built from. */
function sameCorpus(manifest: Manifest, corpusDir: string, files: Array<{ file: string; hash: string }>): boolean {
  const built = manifest.files;
  return manifest.corpusDir === corpusDir && files.length === Object.keys(built).length && files.every((f) => built[f.file]?.hash === f.hash);
}

/** The previous generation, when it can be built upon; anything unreadable means a full build. */
async function loadPrevious(o: BuildOptions, log: Logger): Promise<IndexData | null> {
  if (o.full) return null;
  if (o.previous !== undefined) return o.previous;
  try {
    return await readGeneration(o.indexDir);
  } catch (e) {
    log.warn(`previous index not reusable as it is, re-indexing every file (vectors of unchanged text are kept when the model is the same): ${(e as Error).message}`);
    return null;
  }
}

function toRecords(doc: CorpusDocument, docIndex: number, firstId: number): { record: DocumentRecord; paragraphs: ParagraphRecord[] } {
  const paragraphs: ParagraphRecord[] = [];
  let id = firstId;
  const articles = doc.articles.map((a, articleIndex) => {
    const first = id;
    for (const p of a.paragraphs) {
      paragraphs.push({
        id: id++,
        file: doc.file,
        paragraph: p.index,
        article: articleIndex,
        ...(p.kind ? { kind: p.kind } : {}),
        text: p.text,
        norm: normalizeForMatch(p.text),
        dates: p.dates,
        people: p.people,
        doc: docIndex,
        vector: -1,
        textHash: sha256(p.text),
      });
    }
    return {
      title: a.title,
      ...(a.titleInferred ? { titleInferred: true } : {}),
      date: a.date,
      source: a.source,
      url: a.url,
      reporters: a.reporters,
      photoCredits: a.photoCredits,
      first,
      count: a.paragraphs.length,
    };
  });
  return {
    record: { file: doc.file, hash: doc.hash, encoding: doc.encoding, script: doc.script, articles },
    paragraphs,
  };
}

function symmetricDifference(a: readonly string[], b: readonly string[]): string[] {
  const setA = new Set(a);
  const setB = new Set(b);
  return [...a.filter((w) => !setB.has(w)), ...b.filter((w) => !setA.has(w))];
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('index build aborted');
}

/**
 * Builds or updates the index under `indexDir` from `corpusDir`. Unchanged files
 * keep their parsed records, unchanged paragraph text keeps its vector, removed
 * files disappear. The new generation is switched in atomically at the end; an
 * error or abort before that leaves the previous one in place.
 */
export async function buildIndex(o: BuildOptions): Promise<BuildOutcome> {
  return withIndexLock(o.indexDir, o.log ?? silentLogger, async () => {
    const outcome = await buildWithLockHeld(o);
    if (outcome.written) await switchGeneration(o.indexDir, outcome.written, o.signal);
    return outcome;
  });
}

/** Runs `work` holding the folder's writer lock, after removing what killed builds left behind. */
export async function withIndexLock<T>(indexDir: string, log: Logger, work: () => Promise<T>): Promise<T> {
  const lock = await acquireIndexLock(indexDir).catch((e: unknown) => {
    throw writeFailure(indexDir, e);
  });
  try {
    const removed = await removeLeftoverPartials(indexDir);
    if (removed) log.info(`removed ${removed} unfinished index build folder(s) left by an interrupted run`);
    return await work();
  } finally {
    await lock.release();
  }
}

/**
 * The build itself, the caller holding the lock: the new generation is written
 * to its folder (`written`), not switched in; `data` is what it holds.
 */
export async function buildWithLockHeld(o: BuildOptions): Promise<BuildOutcome & { written?: WrittenGeneration }> {
  const started = performance.now();
  const log = o.log ?? silentLogger;
  const emit = o.onProgress ?? (() => {});
  const embedding = o.embedder ? embeddingSettings(o.embedder) : null;
  const settings = currentSettings(embedding);

  const { files, warnings } = await readCorpusFiles(o.corpusDir);
  for (const w of warnings) emit({ phase: 'warning', file: w.file, id: w.id, message: w.message });
  emit({ phase: 'scan', files: files.length });
  checkAbort(o.signal);

  const prevManifest = o.full ? null : o.previous !== undefined ? (o.previous?.manifest ?? null) : await currentManifest(o.indexDir);
  if (prevManifest && !settingsDiff(prevManifest.settings, settings).length && sameCorpus(prevManifest, o.corpusDir, files)) {
    const ms = Math.round(performance.now() - started);
    const { documents, paragraphs } = prevManifest.counts;
    // `reused` counts vectors: a keyword-only index reuses none.
    const reused = settings.embedding ? paragraphs : 0;
    const result: ReindexResult = { documents, paragraphs, embedded: 0, reused, removedFiles: [], warnings, ms };
    emit({ phase: 'done', documents, paragraphs, embedded: 0, reused, ms });
    return { result, data: o.previous ?? null, unchanged: true };
  }

  let previous = await loadPrevious(o, log);
  if (previous && settingsDiff(previous.manifest.settings, settings).length) {
    log.info('index settings changed: re-indexing every file');
    previous = null;
  }
  // Vectors depend on the model settings only: after a change of keyword or text settings
  // (an upgrade, say) every file is re-indexed but unchanged text keeps its vector.
  const vectorSource: ReusableVectors | null =
    previous?.vectors ? { vectors: previous.vectors, paragraphs: previous.paragraphs } : !o.full && embedding ? await readReusableVectors(o.indexDir, embedding) : null;
  const reuseVectors = vectorSource?.vectors ?? null;

  // Parse what changed; keep the records of what did not.
  const prevByFile = new Map(previous?.documents.map((d, i) => [d.file, i]) ?? []);
  const prevParagraphsByDoc = new Map<number, ParagraphRecord[]>();
  for (const p of previous?.paragraphs ?? []) {
    const list = prevParagraphsByDoc.get(p.doc);
    if (list) list.push(p);
    else prevParagraphsByDoc.set(p.doc, [p]);
  }
  const documents: DocumentRecord[] = [];
  const paragraphs: ParagraphRecord[] = [];
  /** New paragraph id → old id for kept paragraphs (their postings are carried over). */
  const keptFrom: number[] = [];
  const fresh: number[] = [];
  const allWarnings: CorpusWarning[] = [...warnings];
  let parsed = 0;
  for (const f of files) {
    checkAbort(o.signal);
    const prevIndex = prevByFile.get(f.file);
    const prevDoc = prevIndex === undefined ? undefined : previous!.documents[prevIndex];
    if (previous && prevDoc && prevDoc.hash === f.hash) {
      const docIndex = documents.length;
      const shift = paragraphs.length - prevDoc.articles[0]!.first;
      const oldParas = prevParagraphsByDoc.get(prevIndex!) ?? [];
      documents.push({ ...prevDoc, articles: prevDoc.articles.map((a) => ({ ...a, first: a.first + shift })) });
      for (const p of oldParas) {
        keptFrom[paragraphs.length] = p.id;
        paragraphs.push({ ...p, id: paragraphs.length, doc: docIndex });
      }
    } else {
      const { document, warnings: w } = parseDocument(f.file, f.bytes);
      allWarnings.push(...w);
      for (const x of w) emit({ phase: 'warning', file: x.file, id: x.id, message: x.message });
      if (document && document.articles.some((a) => a.paragraphs.length)) {
        const { record, paragraphs: recs } = toRecords(document, documents.length, paragraphs.length);
        documents.push(record);
        for (const p of recs) {
          fresh.push(p.id);
          paragraphs.push(p);
        }
      }
    }
    emit({ phase: 'parse', done: ++parsed, total: files.length, file: f.file });
  }
  checkAbort(o.signal);
  if (paragraphs.length === 0) {
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

  // Names stay whole words; the set is the new index's own, so segmentation does not depend on how it was built.
  const dictionary = userDictionary(paragraphs);
  // A title made from the lead repeats the lead: indexing it again would only count those words twice.
  const titleNorm = (p: ParagraphRecord) => {
    const a = documents[p.doc]!.articles[p.article]!;
    return a.titleInferred ? '' : normalizeForMatch(a.title);
  };
  let keyword;
  if (previous && keptFrom.length) {
    // Kept paragraphs that contain a name gained or lost since the previous build are segmented again.
    const before = dictionaryOf(previous);
    const changed = new UserDictionary(symmetricDifference(before.words, dictionary.words));
    const retokenize = changed.words.length ? keptFrom.flatMap((oldId, newId) => (oldId !== undefined && changed.occursIn(paragraphs[newId]!.norm) ? [newId] : [])) : [];
    const remap = new Int32Array(previous.paragraphs.length).fill(-1);
    keptFrom.forEach((oldId, newId) => {
      if (oldId !== undefined) remap[oldId] = newId;
    });
    for (const id of retokenize) remap[keptFrom[id]!] = -1;
    const additions = [...fresh, ...retokenize].sort((a, b) => a - b);
    keyword = previous.keyword.update(
      remap,
      paragraphs.length,
      additions.map((id) => ({ doc: id, tokens: tokensFor(paragraphs[id]!.norm, titleNorm(paragraphs[id]!), dictionary) })),
    );
  } else {
    const builder = new KeywordIndexBuilder(settings.keyword);
    for (const p of paragraphs) {
      if ((p.id & 1023) === 0) checkAbort(o.signal);
      builder.add(tokensFor(p.norm, titleNorm(p), dictionary));
    }
    keyword = builder.build();
  }

  // Vectors: unchanged text keeps its label; new text is embedded; labels no longer used are deleted.
  let vectors: VectorIndex | null = null;
  let embedded = 0;
  let reusedCount = 0;
  if (o.embedder && embedding) {
    vectors = reuseVectors ?? VectorIndex.create(embedding.dimensions, embedding.hnsw, paragraphs.length);
    const labelByText = new Map<string, number>();
    for (const p of vectorSource?.paragraphs ?? []) if (p.vector >= 0) labelByText.set(p.textHash, p.vector);
    const used = new Set<number>();
    const toEmbed: ParagraphRecord[] = [];
    for (const p of paragraphs) {
      const label = reuseVectors ? labelByText.get(p.textHash) : undefined;
      if (label !== undefined) {
        p.vector = label;
        used.add(label);
      } else toEmbed.push(p);
    }
    for (const label of labelByText.values()) if (!used.has(label)) vectors.remove(label);
    // Identical texts (duplicated paragraphs) are embedded once.
    const pending = new Map<string, ParagraphRecord[]>();
    for (const p of toEmbed) pending.set(p.textHash, [...(pending.get(p.textHash) ?? []), p]);
    const unique = [...pending.values()];
    const reused = (reusedCount = paragraphs.length - toEmbed.length);
    emit({ phase: 'embed', done: 0, total: unique.length, reused });
    // One call: the embedder sorts all texts by length before batching (less padding than sorting per step).
    const vecs = await o.embedder.embedPassages(
      unique.map((g) => g[0]!.text),
      (done) => {
        checkAbort(o.signal);
        emit({ phase: 'embed', done, total: unique.length, reused });
      },
    );
    const labels = vectors.add(vecs);
    unique.forEach((g, k) => g.forEach((p) => (p.vector = labels[k]!)));
    embedded = unique.length;
  }
  checkAbort(o.signal);

  const articleCount = documents.reduce((n, d) => n + d.articles.length, 0);
  const fileEntries: Manifest['files'] = {};
  for (const d of documents) {
    fileEntries[d.file] = { hash: d.hash, encoding: d.encoding, paragraphs: d.articles.reduce((n, a) => n + a.count, 0) };
  }
  // Files that yielded no passages are remembered too, so an unchanged corpus is recognised.
  for (const f of files) fileEntries[f.file] ??= { hash: f.hash, encoding: 'none', paragraphs: 0 };
  const manifest: Manifest = {
    settings,
    corpusDir: o.corpusDir,
    files: fileEntries,
    counts: { documents: documents.length, articles: articleCount, paragraphs: paragraphs.length, nextVectorLabel: vectors?.nextLabel ?? 0 },
    sizes: {},
    checksums: {},
    builtAt: new Date().toISOString(),
    buildMs: 0,
  };
  checkAbort(o.signal);
  emit({ phase: 'write' });
  manifest.buildMs = Math.round(performance.now() - started);
  const store = ParagraphStore.fromRecords(paragraphs, documents.map((d) => d.file));
  const written = await writeGenerationFiles(o.indexDir, { manifest, documents, paragraphs: store, keyword, vectors }, o.signal);
  const removedFiles = Object.keys((previous?.manifest ?? prevManifest)?.files ?? {}).filter((f) => !fileEntries[f]);
  const ms = Math.round(performance.now() - started);
  const result: ReindexResult = {
    documents: documents.length,
    paragraphs: paragraphs.length,
    embedded,
    reused: reusedCount,
    removedFiles,
    warnings: allWarnings,
    ms,
  };
  emit({ phase: 'done', documents: result.documents, paragraphs: result.paragraphs, embedded, reused: reusedCount, ms });
  return { result, data: { dir: written.dir, manifest, documents, paragraphs: store, keyword, vectors }, unchanged: false, written };
}
