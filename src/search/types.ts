import type { DateMention, PartialDate, PersonMention } from '../corpus/types.js';

export type SearchMode = 'lexical' | 'dense' | 'hybrid';

/** A paragraph as stored in the index, with its citation. */
export interface StoredParagraph {
  /** Dense id of the paragraph in the index (stable within one index generation). */
  id: number;
  /** Corpus-relative file path. */
  file: string;
  /** 0-based position in the file's paragraph list. */
  paragraph: number;
  /** Index of the article within the file. */
  article: number;
  text: string;
  /** Simplified, NFKC-normalised text used for matching. */
  norm: string;
  dates: DateMention[];
  people: PersonMention[];
}

export interface Citation {
  title: string;
  /** Publish date; null parts unknown. */
  date: PartialDate | null;
  /** Human form: `2024年2月19日`, `6月14日（年份不详）`, or `日期不详`. */
  dateText: string;
  source: string | null;
  url: string | null;
  reporters: string[];
  file: string;
}

export interface SearchFilters {
  /** Inclusive range; parts may be null (e.g. month-day only). */
  dateFrom?: PartialDate;
  dateTo?: PartialDate;
  /** Person name in either script. */
  person?: string;
  /** Corpus-relative file path, or a prefix of one. */
  file?: string;
}

export interface SearchOptions {
  top?: number;
  mode?: SearchMode;
  filters?: SearchFilters;
}

export interface Hit {
  file: string;
  paragraph: number;
  score: number;
  text: string;
  paragraphRef: StoredParagraph;
  citation: Citation;
}

export interface AnswerPassage extends Hit {
  /** Sentences of `text` that answer the question, in order, exactly as in the text. */
  sentences: string[];
  /** Character ranges [start, end) of those sentences in `text`. */
  ranges: Array<[number, number]>;
  /** When shown in another script: the converted text, and which script. */
  display?: { text: string; script: 'simplified' | 'traditional'; converted: boolean };
}

export interface Answer {
  question: string;
  mode: SearchMode;
  passages: AnswerPassage[];
  /** Script the question was written in. */
  questionScript: 'simplified' | 'traditional' | 'other';
  /** Set when the engine fell back (e.g. model unavailable). */
  warnings: string[];
}

export interface DateHit {
  file: string;
  paragraph: number;
  /** Human form of the matching date, marked when the year is unknown. */
  date: string;
  /** Whether the paragraph matched by its article's publish date or a date it mentions. */
  via: 'published' | 'mentioned';
  yearUnknown: boolean;
  text: string;
  citation: Citation;
}

export interface DateResult {
  query: string;
  /** Normalised description of the parsed expression, e.g. `2024年2月` */
  description: string;
  hits: DateHit[];
}

export interface PersonResult {
  /** The name as found (simplified key form). */
  name: string;
  /** Names as written in the corpus, across scripts. */
  variants: string[];
  roles: string[];
  hits: Array<{ file: string; paragraph: number; date: string; text: string; citation: Citation; roles: string[] }>;
}

export interface PersonSummary {
  /** Stable id (simplified name key). */
  id: string;
  name: string;
  variants: string[];
  roles: string[];
  mentions: number;
}

export interface SourceSummary {
  file: string;
  title: string;
  dateText: string;
  source: string | null;
  paragraphs: number;
}

export interface IndexStats {
  documents: number;
  articles: number;
  paragraphs: number;
  model: string | null;
  dtype: string | null;
  dimensions: number | null;
  mode: SearchMode;
  builtAt: string;
  buildMs: number;
  indexDir: string;
}

export type IndexProgressEvent =
  | { phase: 'scan'; files: number }
  | { phase: 'parse'; done: number; total: number; file: string }
  | { phase: 'embed'; done: number; total: number; reused: number }
  | { phase: 'write'; }
  | { phase: 'done'; documents: number; paragraphs: number; embedded: number; reused: number; ms: number }
  | { phase: 'warning'; file: string; id: string; message: string };
