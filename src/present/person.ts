/**
 * What a person look-up says of its order. Passages come newest first by what
 * is known (src/search/people.ts `dateKey`): a date of unknown year cannot be
 * placed among years, so the label says where those and the undated went.
 */
import { dateTier } from '../search/people.js';
import type { PersonResult } from '../types.js';
import { t } from './messages.js';
import type { Lang } from './voice.js';

/**
 * `17 段，由新到旧，年份不详的按月日排在后面，日期不详的排在最后`: the count, and the order only as far as it is true.
 * `total`: how many passages mention the person in all; when `hits` are fewer (the chat shows ten), the count says so
 * (`共 17 段，显示前 10 段`) rather than pass the first ten off as all.
 */
export function personCount(hits: PersonResult['hits'], lang: Lang, total = hits.length): string {
  const count = total > hits.length ? t(lang, 'person.count_shown', { n: total, shown: hits.length }) : t(lang, 'person.count', { n: hits.length });
  const tiers = new Set(hits.map((h) => dateTier(h.citation.date)));
  if (hits.length < 2 || (tiers.size === 1 && tiers.has('undated'))) return count;
  const order = [
    t(lang, tiers.has('year') ? (tiers.has('month_day') ? 'person.order.year_unknown_after' : 'person.order.newest') : 'person.order.month_day'),
    ...(tiers.has('undated') ? [t(lang, 'person.order.undated_last')] : []),
  ];
  return [count, ...order].join(t(lang, 'list.clause'));
}
