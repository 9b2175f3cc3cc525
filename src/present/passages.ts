/**
 * What the front ends show of a result: each passage in the reply's script
 * with display typography, its answering ranges mapped onto that text (none
 * when the corpus does not answer), and passages grouped under their article
 * with one citation. The Discord bot, the terminal chat and `ask` all render
 * from this, so they show the same quotes, marks and citations.
 */
import type { Answer, AnswerPassage, Citation, Hit } from '../types.js';
import { articleHeading, citationLine, paragraphLabel, safeUrl, type ParagraphRef } from './citation.js';
import { mapRanges, shownText, type Range } from './text.js';
import { t } from './messages.js';
import type { Lang, Voice } from './voice.js';

/** What a passage needs to be shown: a hit, maybe with answering ranges. */
export type PassageLike = Pick<Hit, 'file' | 'paragraph' | 'text' | 'citation' | 'span' | 'articleParagraphs'> & {
  paragraphRef?: Pick<Hit['paragraphRef'], 'article' | 'kind'>;
  /** Date and person hits carry the paragraph's kind without a paragraphRef. */
  kind?: Hit['paragraphRef']['kind'];
  ranges?: Array<[number, number]>;
};

export interface ShownPassage<P extends PassageLike = PassageLike> {
  /** The passage as given (its file and 0-based paragraph stay what buttons and JSON use). */
  source: P;
  /** Its text in the reply's script, with display typography. */
  text: string;
  /** Answering ranges within `text`; empty when nothing is marked. */
  ranges: Range[];
  ref: ParagraphRef;
  /** `第7段`, in the reply's language. */
  label: string;
}

export interface ArticleGroup<P extends PassageLike = PassageLike> {
  /** Stable key of the article: its file and article index. */
  key: string;
  file: string;
  /** A paragraph of the article (the first shown), for "full article" buttons. */
  paragraph: number;
  heading: string;
  url: string | undefined;
  /** Outlet · date · paragraphs. */
  citation: string;
  passages: Array<ShownPassage<P>>;
}

/** The article a passage is from: its file and article index, or (for date and person hits, which carry no index) its citation's title. */
function articleKey(p: PassageLike): string {
  return `${p.file}#${p.paragraphRef?.article ?? ''}#${p.citation.title}`;
}

function refOf(p: PassageLike): ParagraphRef {
  const kinds = p.span ? p.span.kinds : [p.paragraphRef?.kind ?? p.kind ?? 'text'];
  return { paragraph: p.span?.first ?? p.paragraph, last: p.span?.last, kinds, numbers: p.articleParagraphs };
}

/** One passage as shown; `marked` false shows no bold at all. */
export function showPassage<P extends PassageLike>(p: P, voice: Voice, marked = true): ShownPassage<P> {
  const text = shownText(p.text, voice.script);
  const ranges = marked && p.ranges ? mapRanges(p.text, text, p.ranges) : [];
  const ref = refOf(p);
  return { source: p, text, ranges, ref, label: paragraphLabel([ref], voice) };
}

/** Passages reordered so each article's passages are together, articles in the order of their best passage. */
export function orderByArticle<P extends PassageLike>(passages: readonly P[]): P[] {
  const groups = new Map<string, P[]>();
  for (const p of passages) {
    const key = articleKey(p);
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()].flat();
}

/** Consecutive passages of one article under one heading and one citation. */
export function groupByArticle<P extends PassageLike>(passages: readonly P[], voice: Voice, marked = true): Array<ArticleGroup<P>> {
  const out: Array<ArticleGroup<P>> = [];
  for (const p of passages) {
    const key = articleKey(p);
    const shown = showPassage(p, voice, marked);
    const last = out[out.length - 1];
    if (last && last.key === key) {
      last.passages.push(shown);
      continue;
    }
    out.push({ key, file: p.file, paragraph: p.paragraph, heading: articleHeading(p.citation, voice, p.text), url: safeUrl(p.citation.url), citation: '', passages: [shown] });
  }
  for (const g of out) {
    // Within an article (passages come best first): the best passage when it answers, then the others that
    // answer, then the rest, each part in the article's order; a reader looks for the bold first.
    const unmarked = (x: ShownPassage<P>) => (x.ranges.length ? 0 : 1);
    const lead = g.passages[0]!.ranges.length ? g.passages.splice(0, 1) : [];
    g.passages.sort((a, b) => unmarked(a) - unmarked(b) || a.ref.paragraph - b.ref.paragraph);
    g.passages.unshift(...lead);
    g.paragraph = g.passages[0]!.source.paragraph;
    const c: Citation = g.passages[0]!.source.citation;
    // Several passages each carry their own label; the citation names paragraphs only for a lone passage, so none is said twice.
    g.citation = citationLine(c, g.passages.length === 1 ? [g.passages[0]!.ref] : [], voice, { reporters: true });
  }
  return out;
}

export type AnswerGroups = Array<ArticleGroup<AnswerPassage>>;

/**
 * Whether to show the answer as answering: the engine says so and some
 * passage has a sentence marked. Saying "the bold sentences answer" over a
 * page with nothing bold would claim an answer that is not there.
 */
export function answers(answer: Pick<Answer, 'answered' | 'passages'>): boolean {
  return answer.answered && answer.passages.some((p) => p.ranges.length > 0);
}

/** What an answering page says is marked: the sentences that answer, or the names credited (`是谁写的`). */
export function markedNote(answer: Pick<Answer, 'credit'>, lang: Lang): string {
  return t(lang, answer.credit?.outcome === 'credited' ? 'ask.credit_marked' : 'ask.marked');
}

/**
 * What an unanswered page says above its related passages, and for a question
 * with no Chinese in it answered by keywords alone why (`hint`): keyword search
 * matches the articles' own words, so only the model bridges languages.
 */
export function unansweredNote(answer: Pick<Answer, 'question' | 'mode' | 'credit'>, lang: Lang): { note: string; hint: string | null } {
  const credit = answer.credit;
  // A question asking who wrote or photographed a report: why no credit is quoted, when the report is known or not named.
  if (credit?.outcome === 'uncredited') return { note: t(lang, `ask.credit_uncredited_${credit.kind}`), hint: null };
  if (credit?.outcome === 'unmatched') return { note: t(lang, 'ask.credit_unmatched'), hint: null };
  if (credit?.outcome === 'no_subject') return { note: t(lang, 'ask.credit_no_subject'), hint: t(lang, credit.kind === 'photo' ? 'ask.credit_hint_photo' : 'ask.credit_hint_text') };
  return { note: t(lang, 'ask.unanswered'), hint: languageHint(answer, lang) };
}

/**
 * What a reply with no passage at all says: nothing in the corpus matches (a credit question that names no
 * report is told to name one), and for a question with no Chinese in it answered by keywords alone, why.
 */
export function emptyNote(answer: Pick<Answer, 'question' | 'mode' | 'credit'>, lang: Lang): { note: string; hint: string | null } {
  if (answer.credit?.outcome === 'no_subject') return unansweredNote(answer, lang);
  return { note: t(lang, 'ask.nothing'), hint: languageHint(answer, lang) };
}

/** Keyword search matches the articles' own words, so only the model bridges languages: said when a question with no Chinese in it was answered by keywords. */
function languageHint(answer: Pick<Answer, 'question' | 'mode'>, lang: Lang): string | null {
  return answer.mode === 'lexical' && !/\p{Script=Han}/u.test(answer.question) ? t(lang, 'ask.unanswered_language') : null;
}
