import { DEFAULT_KEYWORD_OPTIONS, type KeywordIndexOptions } from './keyword.js';
import type { HnswSettings } from './vectors.js';
import { PARSING_ID, type FileStamp } from '../corpus/index.js';
import { NORMALIZATION_ID } from '../text/normalize.js';

/** Bumped whenever the files of a generation change shape. 7: segments and deletion lists; 8: compact paragraph store (UTF-16 text where smaller, a table of distinct dates and people). */
export const FORMAT_VERSION = 8;
/** `names`: people's names are whole words, applied around jieba (not inserted into its global dictionary). */
export const SEGMENTATION_ID = 'bigram+jieba.cutForSearch+names';

export interface EmbeddingSettings {
  model: string;
  dtype: string;
  dimensions: number;
  hnsw: HnswSettings;
}

/** Everything the index was built with; loading under other settings is refused. */
export interface IndexSettings {
  formatVersion: number;
  /** How files became paragraphs (`PARSING_ID`). */
  parsing: string;
  normalization: string;
  segmentation: string;
  keyword: KeywordIndexOptions;
  /** Null for a keyword-only index. */
  embedding: EmbeddingSettings | null;
}

export interface ManifestFile {
  hash: string;
  encoding: string;
  paragraphs: number;
  /** What the file system said of it when it was read; absent when it had just changed, or in indexes from before (read again next time). */
  stamp?: FileStamp;
}

/** A segment in force in a commit. */
export interface SegmentEntry {
  /** Its folder in the index folder. */
  name: string;
  /** Paragraphs it holds, deleted ones included. */
  paragraphs: number;
  /** Elements of its HNSW graph (0 without embeddings). */
  vectors: number;
  /** Paragraphs its deletion list removes. */
  deleted: number;
  /** The deletion list in force (`seg-…/del-gen-….json`), null when none. */
  deletions: string | null;
}

export interface Manifest {
  settings: IndexSettings;
  /** Corpus folder the index was built from (absolute). */
  corpusDir: string;
  files: Record<string, ManifestFile>;
  /** `nextVectorLabel`: labels below it were handed out (some may be deleted). */
  counts: { documents: number; articles: number; paragraphs: number; nextVectorLabel: number };
  /** The commit's segments, oldest first (format 7 on). */
  segments: SegmentEntry[];
  /** Byte sizes of the data files in force (paths relative to the index folder), to catch truncation. */
  sizes: Record<string, number>;
  /** sha256 of each data file in force, checked on load: a flipped byte is found, not served. */
  checksums: Record<string, string>;
  builtAt: string;
  buildMs: number;
}

export function currentSettings(embedding: EmbeddingSettings | null): IndexSettings {
  return {
    formatVersion: FORMAT_VERSION,
    parsing: PARSING_ID,
    normalization: NORMALIZATION_ID,
    segmentation: SEGMENTATION_ID,
    keyword: DEFAULT_KEYWORD_OPTIONS,
    embedding,
  };
}

/** Names of the settings that differ, empty when compatible. */
export function settingsDiff(a: IndexSettings, b: IndexSettings): string[] {
  const diff: string[] = [];
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  if (a.formatVersion !== b.formatVersion) diff.push(`format version ${a.formatVersion} ≠ ${b.formatVersion}`);
  if (a.parsing !== b.parsing) diff.push(`parsing ${a.parsing} ≠ ${b.parsing}`);
  if (a.normalization !== b.normalization) diff.push(`normalisation ${a.normalization} ≠ ${b.normalization}`);
  if (a.segmentation !== b.segmentation) diff.push(`segmentation ${a.segmentation} ≠ ${b.segmentation}`);
  if (!same(a.keyword, b.keyword)) diff.push('keyword index options');
  if (!same(a.embedding, b.embedding)) {
    const describe = (e: EmbeddingSettings | null) => (e ? `${e.model} ${e.dtype} ${e.dimensions}d m=${e.hnsw.m} efC=${e.hnsw.efConstruction}` : 'no embeddings');
    diff.push(`embeddings ${describe(a.embedding)} ≠ ${describe(b.embedding)}`);
  }
  return diff;
}
