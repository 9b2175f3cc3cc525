import { formatDate } from '../corpus/dates.js';
import type { IndexData } from '../index/store.js';
import { citationFor } from './citation.js';
import { matchDate, type DateQuery } from './date-query.js';
import type { DateHit } from '../types.js';

/**
 * Passages of a date or range: the lead paragraph of articles published on
 * one (said so even when the lead also names the day), and paragraphs that
 * mention a matching date. Year-certain matches come
 * before those that matched on month and day alone.
 */
export function lookupDate(data: IndexData, query: DateQuery): DateHit[] {
  const hits: Array<DateHit & { order: number }> = [];
  const seen = new Set<number>();
  for (const doc of data.documents) {
    for (const a of doc.articles) {
      // An inferred date is the lead's event date, not a publication: the lead is found as a mention.
      if (!a.date || a.date.inferred || a.count === 0) continue;
      const r = matchDate(query, a.date, a.date);
      if (!r.match) continue;
      const p = data.paragraphs[a.first]!;
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
        citation: citationFor(data, p),
        order: p.id,
      });
      seen.add(p.id);
    }
  }
  for (const p of data.paragraphs) {
    if (seen.has(p.id)) continue;
    for (const m of p.dates) {
      const r = matchDate(query, m.start, m.end);
      if (!r.match) continue;
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
        citation: citationFor(data, p),
        order: p.id,
      });
      seen.add(p.id);
      break;
    }
  }
  hits.sort((a, b) => Number(a.yearUnknown) - Number(b.yearUnknown) || a.order - b.order);
  return hits.map(({ order: _order, ...h }) => h);
}
