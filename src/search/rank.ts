import { extractDateMentions } from '../corpus/dates.js';
import type { IndexData } from '../index/store.js';
import type { Embedder } from '../model/embedder.js';
import { termsFor } from './answerable.js';
import { countedSet, listAnswer, type CountedSet } from './enumeration.js';
import { windowFor, windowKey } from './passages.js';
import { coverage, yearsOf } from './question-terms.js';
import { matchDate, type DateQuery } from './date-query.js';
import { retrieve, type Ranked, type RetrieveOptions } from './retrieve.js';

/**
 * Candidates looked at for a passage that lists a counted set: a list is long,
 * so BM25's length normalisation can put it well below the short paragraphs
 * that only mention the set, but rarely out of the first twenty.
 */
export const LIST_CANDIDATES = 20;

/**
 * Ranked paragraphs with those whose passage (the paragraph with what
 * continues it, `windowFor`) lists the counted set moved ahead, in their own
 * order; the rest keep theirs. A list moves ahead only when it holds the
 * question's informative terms (IDF² coverage) at least as well as the first
 * ranked passage: it was ranked lower for its length, not for being about
 * something else (on DRCD, without this check, unrelated passages naming
 * 两类/三种 displaced the gold paragraph). Scores stay the retrieval's.
 */
export function preferLists(data: IndexData, set: CountedSet, question: string, ranked: Ranked[]): Ranked[] {
  if (!ranked.length) return ranked;
  const terms = termsFor(data, question);
  const cover = (ids: number[]) => coverage(terms, windowKey(data, ids));
  const bar = cover(windowFor(data, ranked[0]!.id));
  const lists: Ranked[] = [];
  const rest: Ranked[] = [];
  for (const r of ranked) {
    const ids = windowFor(data, r.id);
    const text = ids.map((i) => data.paragraphs.text(i)).join('\n');
    const norm = ids.map((i) => data.paragraphs.norm(i)).join('\n');
    (listAnswer(set, text, norm) && cover(ids) >= bar ? lists : rest).push(r);
  }
  return [...lists, ...rest];
}

/**
 * The ranking a question gets: retrieval (`retrieve`), and for a question
 * asking for the items of a counted set (`"十个方面"是哪些`), among the first
 * LIST_CANDIDATES the passages that list about that many items under a
 * lead-in naming the set first. Other questions get retrieval's ranking as it is.
 */
export async function rankForQuestion(
  data: IndexData,
  labels: Map<number, number>,
  embedder: Embedder | null,
  query: string,
  o: RetrieveOptions,
): Promise<Ranked[]> {
  const set = countedSet(query);
  if (set) return preferLists(data, set, query, await retrieve(data, labels, embedder, query, { ...o, top: Math.max(o.top, LIST_CANDIDATES) })).slice(0, o.top);
  // Among the passages asked for, not a wider retrieval: a second one cost the tail of the latency (p99).
  return preferDated(data, query, await retrieve(data, labels, embedder, query, o));
}

/**
 * Ranked paragraphs with those that hold what the question dates it by (every
 * year it names, every day) moved ahead, in their own order, when the first
 * does not: BM25 weighs a year or a day as one rare token among the
 * question's, so a passage about the subject in another year, or another
 * day's meeting (10月24日 for a question about 10月27日), can rank above the
 * one asked about.
 */
export function preferDated(data: IndexData, question: string, ranked: Ranked[]): Ranked[] {
  const years = yearsOf(question);
  const days = daysOf(question);
  if (!ranked.length || (!years.length && !days.length)) return ranked;
  const held = ranked.map((r) => (!years.length || namesYears(data, years, r)) && (!days.length || datedOn(data, days, r.id)));
  if (held[0]) return ranked;
  return [...ranked.filter((_, i) => held[i]), ...ranked.filter((_, i) => !held[i])];
}

/** The days a question names, month and day known (`10月27日`, `2024年2月19日`, `11月12日至13日`). */
export function daysOf(question: string): DateQuery[] {
  if (!/[0-9０-９〇零一二三四五六七八九十]/u.test(question)) return [];
  return extractDateMentions(question)
    .filter((m) => m.start.month !== null && m.start.day !== null)
    .map((m) => ({ start: m.start, end: m.end, description: m.text }));
}

/** Whether a paragraph is about every one of the days: it names the day, or its article was published (or, inferred, happened) on it. */
function datedOn(data: IndexData, days: DateQuery[], id: number): boolean {
  const store = data.paragraphs;
  const published = data.documents[store.doc(id)]!.articles[store.article(id)]!.date;
  const mentions = store.hasMentions(id) ? store.dates(id) : [];
  return days.every((day) => (!!published && matchDate(day, published, published).match) || mentions.some((m) => matchDate(day, m.start, m.end).match));
}

function namesYears(data: IndexData, years: string[], r: Ranked): boolean {
  const key = windowKey(data, windowFor(data, r.id));
  return years.every((y) => key.includes(y));
}
