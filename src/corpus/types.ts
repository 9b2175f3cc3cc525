/**
 * The data model shared by every stage: what the corpus stage produces and the
 * index, search and bot stages consume.
 */

/** A calendar date whose parts may be unknown. A year the text does not give stays null. */
export interface PartialDate {
  year: number | null;
  month: number | null;
  day: number | null;
}

/** A date or a range of dates mentioned in text, e.g. `11月12日至13日`. */
export interface DateMention {
  /** The text as it appears, e.g. `11月12日至13日`. */
  text: string;
  start: PartialDate;
  /** Same as start for a single day. */
  end: PartialDate;
  /** True when the year was inherited from the article's publish date, not written in the mention. */
  yearInferred: boolean;
}

/** A person and the role the text gives them at that point, e.g. 省委书记 沈晓明. */
export interface PersonMention {
  /** The name as written in the text (its own script). */
  name: string;
  /** Simplified form of the name: the key that merges scripts. */
  key: string;
  /** Roles as written, e.g. ['省委副书记', '省长']; may be empty. */
  roles: string[];
}

/**
 * What a paragraph is: body text, a photo caption (cited as 图片说明), or a
 * by-line / photo credit line (its names are people with their role).
 */
export type ParagraphKind = 'text' | 'caption' | 'byline';

/** An article's publish date. `inferred`: not given as the publish date but taken from the lead's event date. */
export interface PublishDate extends PartialDate {
  inferred?: boolean;
}

export interface Paragraph {
  /** 0-based position in the file's paragraph list (across all articles of the file). */
  index: number;
  /** Absent means 'text'. */
  kind?: ParagraphKind;
  /** Clean original text in its own script: what is quoted. */
  text: string;
  dates: DateMention[];
  people: PersonMention[];
}

/** What is known of an article besides its text. */
export interface ArticleMeta {
  title: string;
  /** True when the page gives no title and `title` is its first sentence, shortened. */
  titleInferred?: boolean;
  /** Publish date; parts the source does not give are null. Null when nothing is known. */
  date: PublishDate | null;
  /** Outlet, e.g. 湖南日报; null when unknown. */
  source: string | null;
  /** True when the page names no outlet and `source` is the one its photo credit names (the photographer's, likely the publisher's). */
  sourceInferred?: boolean;
  url: string | null;
  reporters: string[];
  /** Photo credits and captions as written (captions that carry facts are also passages of kind 'caption'). */
  photoCredits: string[];
}

export interface Article extends ArticleMeta {
  paragraphs: Paragraph[];
}

export interface CorpusDocument {
  /** Path relative to the corpus folder, with forward slashes. */
  file: string;
  /** sha256 of the raw bytes. */
  hash: string;
  /** Detected encoding, e.g. 'utf-8', 'gb18030', 'big5'. */
  encoding: string;
  /** 'simplified' | 'traditional' majority script of the text. */
  script: 'simplified' | 'traditional';
  articles: Article[];
}

export interface CorpusWarning {
  file: string;
  /** Stable identifier for tests and messages, e.g. 'corpus.undecodable'. */
  id: string;
  message: string;
}
