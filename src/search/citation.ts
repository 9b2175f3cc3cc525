import { describeDate, formatDate } from '../corpus/dates.js';
import type { IndexData, ParagraphRecord } from '../index/store.js';
import type { Citation } from '../types.js';

/** `2024年2月19日`, `6月14日（年份不详）`, or `日期不详` when the source gives no date. */
export function publishDateText(date: Citation['date']): string {
  if (!date || (date.month === null && date.year === null)) return '日期不详';
  if (!date.inferred) return formatDate(date);
  // Not given by the page: the lead's event date, said so.
  return date.year === null ? describeDate(date, date, '（年份不详，据导语推断）') : `${formatDate(date)}（据导语推断）`;
}

export function citationFor(data: IndexData, p: ParagraphRecord): Citation {
  const doc = data.documents[p.doc]!;
  const article = doc.articles[p.article]!;
  return {
    title: article.title,
    ...(article.titleInferred ? { titleInferred: true } : {}),
    date: article.date,
    dateText: publishDateText(article.date),
    source: article.source,
    url: article.url,
    reporters: article.reporters,
    file: doc.file,
  };
}
