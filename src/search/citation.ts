import { describeDate, formatDate } from '../corpus/dates.js';
import type { IndexData } from '../index/store.js';
import type { ArticleParagraphs, Citation } from '../types.js';

/** `2024年2月19日`, `6月14日（年份不详）`, or `日期不详` when the source gives no date. */
export function publishDateText(date: Citation['date']): string {
  if (!date || (date.month === null && date.year === null)) return '日期不详';
  if (!date.inferred) return formatDate(date);
  // Not given by the page: the lead's event date, said so.
  return date.year === null ? describeDate(date, date, '（年份不详，据导语推断）') : `${formatDate(date)}（据导语推断）`;
}

export function citationFor(data: IndexData, id: number): Citation {
  const doc = data.documents[data.paragraphs.doc(id)]!;
  const article = doc.articles[data.paragraphs.article(id)]!;
  return {
    title: article.title,
    ...(article.titleInferred ? { titleInferred: true } : {}),
    date: article.date,
    dateText: publishDateText(article.date),
    source: article.source,
    ...(article.sourceInferred ? { sourceInferred: true } : {}),
    url: article.url,
    reporters: article.reporters,
    file: doc.file,
  };
}

/** Whether a paragraph counts as one of its article's paragraphs: body text does; a caption or by-line is cited as such. */
function counted(data: IndexData, id: number): boolean {
  return (data.paragraphs.kind(id) ?? 'text') === 'text';
}

/**
 * The numbers a reader gives paragraphs of one article (`ids`, in order): body
 * paragraphs counted from the article's first, from 1, captions and by-lines
 * skipped, as the full-article view numbers them. A file can hold several
 * articles: the file's position would cite the third report's lead as 第14段.
 */
export function articleParagraphs(data: IndexData, ids: readonly number[]): ArticleParagraphs {
  const body = ids.filter((id) => counted(data, id));
  if (body.length === 0) return null;
  const store = data.paragraphs;
  const first = data.documents[store.doc(body[0]!)]!.articles[store.article(body[0]!)]!.first;
  let n = 0;
  const numbers: number[] = [];
  for (let id = first, k = 0; k < body.length; id++) {
    if (counted(data, id)) n++;
    if (id === body[k]) {
      numbers.push(n);
      k++;
    }
  }
  return { first: numbers[0]!, last: numbers[numbers.length - 1]! };
}

/** Each paragraph's number within its article as `articleParagraphs` gives it: null for a caption or by-line. */
export function articleNumbers(data: IndexData, first: number, count: number): Array<number | null> {
  let n = 0;
  return Array.from({ length: count }, (_, k) => (counted(data, first + k) ? ++n : null));
}
