import { formatDate } from '../corpus/dates.js';
import type { IndexData } from '../index/store.js';
import { articleParagraphs, citationFor } from './citation.js';
import { matchDate, type DateQuery } from './date-query.js';
import type { DateHit } from '../types.js';
import type { PartialDate } from '../corpus/types.js';

/**
 * Passages of a date or range: the lead paragraph of articles published on
 * one (said so even when the lead also names the day), and paragraphs that
 * mention a matching date. Year-certain matches come
 * before those that matched on month and day alone.
 */
export function lookupDate(data: IndexData, query: DateQuery): DateHit[] {
  return datedHits(data, query).map(({ order: _order, ...h }) => h);
}

/** The paragraphs of `lookupDate`'s hits, in its order, with whether each matched only on month and day (year unknown). */
export function datedParagraphs(data: IndexData, query: DateQuery): Array<{ id: number; yearUnknown: boolean }> {
  return datedHits(data, query).map((h) => ({ id: h.order, yearUnknown: h.yearUnknown }));
}

function datedHits(data: IndexData, query: DateQuery): Array<DateHit & { order: number }> {
  const hits: Array<DateHit & { order: number }> = [];
  const seen = new Set<number>();
  for (const doc of data.documents) {
    for (const a of doc.articles) {
      // An inferred date is the lead's event date, not a publication: the lead is found as a mention.
      if (!a.date || a.date.inferred || a.count === 0) continue;
      const r = matchDate(query, a.date, a.date);
      if (!r.match) continue;
      const p = data.paragraphs.get(a.first);
      hits.push({
        file: p.file,
        paragraph: p.paragraph,
        date: formatDate(a.date),
        via: 'published',
        yearUnknown: r.yearUnknown || a.date.year === null,
        start: a.date,
        end: a.date,
        text: p.text,
        kind: p.kind,
        articleParagraphs: articleParagraphs(data, [p.id]),
        citation: citationFor(data, p.id),
        order: p.id,
      });
      seen.add(p.id);
    }
  }
  const store = data.paragraphs;
  const asked = precision(query.start);
  for (let id = 0; id < store.length; id++) {
    if (seen.has(id) || !store.hasMentions(id)) continue;
    for (const m of store.dates(id)) {
      // A mention vaguer than the question (2022年 for 2022年6月14日) only says the day falls in it, not that it is about that day.
      if (Math.min(precision(m.start), precision(m.end)) < asked) continue;
      const r = matchDate(query, m.start, m.end);
      if (!r.match) continue;
      const p = store.get(id);
      const yearUnknown = r.yearUnknown || m.start.year === null;
      hits.push({
        file: p.file,
        paragraph: p.paragraph,
        date: formatDate(m.start, m.end),
        via: 'mentioned',
        yearUnknown,
        start: m.start,
        end: m.end,
        text: p.text,
        kind: p.kind,
        articleParagraphs: articleParagraphs(data, [p.id]),
        citation: citationFor(data, p.id),
        order: p.id,
      });
      seen.add(p.id);
      break;
    }
  }
  hits.sort((a, b) => Number(a.yearUnknown) - Number(b.yearUnknown) || a.order - b.order);
  return hits;
}

/** How precise a date is: 3 to the day, 2 to the month, 1 a year alone. */
function precision(d: PartialDate): number {
  return d.day !== null ? 3 : d.month !== null ? 2 : 1;
}

/** Whether a paragraph is of a date: it names a matching date, or its article was published (or, inferred, happened) then. */
export function datedOn(data: IndexData, query: DateQuery, id: number): boolean {
  const store = data.paragraphs;
  const published = data.documents[store.doc(id)]!.articles[store.article(id)]!.date;
  return (!!published && matchDate(query, published, published).match) || (store.hasMentions(id) && store.dates(id).some((m) => matchDate(query, m.start, m.end).match));
}
