import type { DateMention, ParagraphKind, PartialDate, PersonMention, PublishDate } from './corpus/types.js';

/** Retrieval modes, as every front end and the configuration offer them. */
export const SEARCH_MODES = ['lexical', 'dense', 'hybrid'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/** Scripts of a reply: `auto` follows the question's script; `original` quotes as written. */
export const REPLY_SCRIPTS = ['auto', 'original', 'simplified', 'traditional'] as const;
export type ReplyScript = (typeof REPLY_SCRIPTS)[number];

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
  /** Body text, photo caption or by-line; absent means 'text'. */
  kind?: ParagraphKind;
  text: string;
  /** Simplified, NFKC-normalised text used for matching. */
  norm: string;
  dates: DateMention[];
  people: PersonMention[];
}

/**
 * A passage's place in its article as a reader counts it, and as the
 * full-article view numbers it: body paragraphs from 1 (captions and by-lines
 * are not counted; they are cited as 图片说明 / 署名). First and last body
 * paragraph it holds; null when it holds none (a caption or by-line alone).
 */
export type ArticleParagraphs = { first: number; last: number } | null;

export interface Citation {
  title: string;
  /** True when the article has no title and `title` is its first sentence, shortened. */
  titleInferred?: boolean;
  /** Publish date; null parts unknown; `inferred: true` when taken from the lead's event date. */
  date: PublishDate | null;
  /** Human form: `2024年2月19日`, `6月14日（年份不详）`, or `日期不详`. */
  dateText: string;
  source: string | null;
  /** True when the page names no outlet and `source` is taken from its photo credit. */
  sourceInferred?: boolean;
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
  /** 0-based paragraph of the file: the one retrieved; a passage spanning paragraphs may start before it (`span`). */
  paragraph: number;
  score: number;
  /** The paragraph's text; for a passage spanning paragraphs, their texts joined with '\n'. */
  text: string;
  /**
   * Set when the passage spans adjacent paragraphs of one article (a lead-in
   * and the list it announces, a short paragraph and what continues it): the
   * first and last paragraph (inclusive, 0-based) and the kind of each, in order.
   */
  span?: { first: number; last: number; kinds: ParagraphKind[] };
  /** Where it sits in its article as a reader counts (`paragraph` and `span` count within the file). */
  articleParagraphs: ArticleParagraphs;
  paragraphRef: ParagraphRef;
  citation: Citation;
}

/** Where a hit's paragraph is in the index, without its text's dates and people (parsed only where they are read). */
export type ParagraphRef = Pick<StoredParagraph, 'id' | 'file' | 'paragraph' | 'article' | 'kind'>;

export interface AnswerPassage extends Hit {
  /** Sentences of `text` that answer the question, in order, exactly as in the text. */
  sentences: string[];
  /** Character ranges [start, end) of those sentences in `text`. */
  ranges: Array<[number, number]>;
  /** When shown in another script: the converted text, and which script. */
  display?: { text: string; title: string; script: 'simplified' | 'traditional'; converted: boolean };
}

/** A credit a reader may ask for: the text's (by-line: 记者, 作者, 通讯员) or a photo's (摄影). */
/** Whose credit: the text's author (by-line), a photo's photographer, or the report's editor (`编辑:胡迎赢`). */
export type CreditKind = 'text' | 'photo' | 'editor';

/** How a question asking who wrote or photographed a report was answered. */
export interface CreditResult {
  kind: CreditKind;
  /** The rest of the question, which finds the report (simplified); empty when it names none. */
  subject: string;
  /**
   * `credited`: the report's credit is quoted with the names marked; `uncredited`: the report gives no
   * credit of that kind; `unmatched`: it credits several photos and the subject describes none of them;
   * `no_subject`: the question names no report; `not_found`: the corpus holds no report on the subject.
   */
  outcome: 'credited' | 'uncredited' | 'unmatched' | 'no_subject' | 'not_found';
  /** The names credited, as written, with their role as written (`全媒体记者`, `通讯员`, `作者`, `摄影`). */
  names: Array<{ name: string; role: string }>;
}

export interface Answer {
  question: string;
  /** Whether the corpus answers the question; when false the passages are only related, none is marked. */
  answered: boolean;
  mode: SearchMode;
  passages: AnswerPassage[];
  /** Script the question was written in. */
  questionScript: 'simplified' | 'traditional' | 'other';
  /** Set when the engine fell back (e.g. model unavailable). */
  warnings: string[];
  /** Set when the question asks who wrote or photographed a report. */
  credit?: CreditResult;
}

export interface DateHit {
  file: string;
  paragraph: number;
  /** Human form of the matching date, marked when the year is unknown. */
  date: string;
  /** Whether the paragraph matched by its article's publish date or a date it mentions. */
  via: 'published' | 'mentioned';
  yearUnknown: boolean;
  /** The matching date or range as parts, for showing it in the reader's language. */
  start?: PartialDate;
  end?: PartialDate;
  text: string;
  /** A photo caption or by-line is cited as such, not by its paragraph number. */
  kind?: ParagraphKind;
  articleParagraphs: ArticleParagraphs;
  citation: Citation;
}

export interface DateResult {
  query: string;
  /** Normalised description of the parsed expression, e.g. `2024年2月` */
  description: string;
  /** The parsed range, for showing it in the reader's language; a null year matches every year. */
  start?: PartialDate;
  end?: PartialDate;
  hits: DateHit[];
}

export interface PersonResult {
  /** The name as found (simplified key form). */
  name: string;
  /** Names as written in the corpus, across scripts. */
  variants: string[];
  roles: string[];
  hits: Array<{ file: string; paragraph: number; date: string; text: string; kind?: ParagraphKind; articleParagraphs: ArticleParagraphs; citation: Citation; roles: string[] }>;
  /** Passages mentioning the person in all: `hits` holds the first `top` of them when a `top` was asked. */
  total: number;
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
  /** The publish date as parts, for showing it in the reader's language. */
  date?: PartialDate | null;
  source: string | null;
  /** True when `source` is taken from the article's photo credit. */
  sourceInferred?: boolean;
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
  /** Set when the start-up update failed: why, the answers coming from the previous index. */
  updateFailed?: string;
}

export type IndexProgressEvent =
  | { phase: 'scan'; files: number }
  | { phase: 'parse'; done: number; total: number; file: string }
  | { phase: 'embed'; done: number; total: number; reused: number }
  | { phase: 'write'; }
  | { phase: 'done'; documents: number; paragraphs: number; embedded: number; reused: number; ms: number }
  | { phase: 'warning'; file: string; id: string; message: string };

export interface AskOptions extends SearchOptions {
  script?: ReplyScript;
}

export interface ReindexOptions {
  /** Re-embed everything instead of reusing unchanged paragraphs' vectors. */
  full?: boolean;
  onProgress?: (e: IndexProgressEvent) => void;
  signal?: AbortSignal;
}

export interface ReindexResult {
  documents: number;
  paragraphs: number;
  embedded: number;
  reused: number;
  removedFiles: string[];
  warnings: Array<{ file: string; id: string; message: string }>;
  ms: number;
}

export interface ArticleView {
  citation: Citation;
  title: string;
  /** Every paragraph of the article, with its kind and its number as citations give it (null: a caption or by-line). */
  paragraphs: Array<{ paragraph: number; text: string; kind?: ParagraphKind; number: number | null }>;
}

/**
 * What the front ends (CLI, Discord bot) use. Queries keep working from the
 * current index while a re-index runs; the new index is switched in at the end.
 * Errors a user can act on are `UserError`s with ids from the registry in
 * src/errors.ts (meaning, exit code, audience).
 */
export interface QaEngine {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  search(query: string, options?: SearchOptions): Promise<Hit[]>;
  date(expr: string, options?: { top?: number }): DateResult;
  person(name: string, options?: { top?: number }): PersonResult;
  /** Autocomplete: people whose name (either script) starts with or contains the prefix; stable ids. */
  people(prefix: string, limit?: number): PersonSummary[];
  sources(): SourceSummary[];
  stats(): IndexStats;
  /** The whole article a paragraph belongs to. */
  article(file: string, paragraph: number): ArticleView;
  reindex(options?: ReindexOptions): Promise<ReindexResult>;
  /** Switches to a newer generation another process wrote to the index folder; whether it switched. */
  refresh?(): Promise<boolean>;
  readonly reindexing: boolean;
  close(): Promise<void>;
}
