import { pinyin } from 'pinyin-pro';
import type { PartialDate } from '../corpus/types.js';
import type { IndexData } from '../index/store.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { PersonSummary } from '../types.js';

export interface PersonEntry {
  /** Simplified name: the stable id autocomplete hands out. */
  id: string;
  variants: string[];
  /** Roles, most recently seen first. */
  roles: string[];
  /** Paragraph ids mentioning the person, newest article first (`dateKey`), each article's in its order. */
  paragraphs: number[];
  /** Roles given at each paragraph. */
  rolesAt: Map<number, string[]>;
  /** The name in toneless pinyin, lower case, no spaces (`maoweiming`): what a user typing Latin letters means. */
  pinyin: string;
}

/** Toneless pinyin of a Chinese name, surname read as a surname (曾 → zeng). */
export function namePinyin(name: string): string {
  return pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true }).join('').toLowerCase();
}

/**
 * Latin letters typed for a name, as a pinyin key: tone marks and tone numbers,
 * spaces, apostrophes and case dropped (`Máo Wěimíng`, `mao2 wei3 ming2`, `MaoWeiming` → `maoweiming`);
 * null when the text is not pinyin-like.
 */
export function pinyinKey(typed: string): string | null {
  const plain = typed.normalize('NFD').replace(/\p{M}/gu, '').replace(/ü/g, 'v').toLowerCase();
  if (!/^[a-z1-5\s'’·-]+$/u.test(plain) || !/[a-z]/.test(plain)) return null;
  return plain.replace(/[^a-z]/g, '');
}

/** Where `dateKey`'s tiers start: apart in magnitude, so a larger key is newer or better known. */
const YEAR_UNKNOWN = 1;
const YEAR_CERTAIN = 1e5;

/**
 * How a publish date sorts, newest first, by what is known of it. A date of
 * unknown year cannot be placed among years: every year-certain date comes
 * first (newest first; a year or month alone after the days within it), then
 * the dates of unknown year by month and day, then the undated.
 */
export function dateKey(d: PartialDate | null): number {
  if (!d || (d.year === null && d.month === null)) return 0;
  const monthDay = (d.month ?? 0) * 100 + (d.day ?? 0);
  return d.year === null ? YEAR_UNKNOWN + monthDay : YEAR_CERTAIN + d.year * 10000 + monthDay;
}

/** Which of `dateKey`'s tiers a date is in: what a list sorted by it must say of its order. */
export function dateTier(d: PartialDate | null): 'year' | 'month_day' | 'undated' {
  return !d || (d.year === null && d.month === null) ? 'undated' : d.year === null ? 'month_day' : 'year';
}

/** Everyone the corpus mentions, merged across scripts by their simplified key. */
export function buildPeople(data: IndexData): Map<string, PersonEntry> {
  const people = new Map<string, PersonEntry & { roleSeen: Map<string, number>; variantSet: Set<string> }>();
  const articleDate = (id: number) => {
    return dateKey(data.documents[store.doc(id)]!.articles[store.article(id)]!.date);
  };
  const store = data.paragraphs;
  for (let id = 0; id < store.length; id++) {
    if (!store.hasMentions(id)) continue;
    const p = { id };
    for (const m of store.people(id)) {
      let e = people.get(m.key);
      if (!e) {
        e = { id: m.key, variants: [], roles: [], paragraphs: [], rolesAt: new Map(), roleSeen: new Map(), variantSet: new Set(), pinyin: namePinyin(m.key) };
        people.set(m.key, e);
      }
      e.variantSet.add(m.name);
      if (e.paragraphs[e.paragraphs.length - 1] !== p.id) e.paragraphs.push(p.id);
      const at = e.rolesAt.get(p.id) ?? [];
      for (const r of m.roles) {
        if (!at.includes(r)) at.push(r);
        // Position breaks ties between articles of the same (or unknown) date.
        e.roleSeen.set(r, Math.max(e.roleSeen.get(r) ?? -Infinity, articleDate(p.id) * 1e6 + p.id));
      }
      e.rolesAt.set(p.id, at);
    }
  }
  for (const e of people.values()) {
    e.variants = [...e.variantSet];
    // The same role in both scripts is one role.
    const byKey = new Map<string, string>();
    for (const [r] of [...e.roleSeen].sort((a, b) => b[1] - a[1])) {
      const key = normalizeForMatch(r);
      if (!byKey.has(key)) byKey.set(key, r);
    }
    e.roles = [...byKey.values()];
    e.paragraphs.sort((a, b) => articleDate(b) - articleDate(a) || a - b);
  }
  return people;
}

/**
 * The person a user means: an exact name in either script, else the only
 * person whose name starts with or contains what was typed. Null when none or
 * ambiguous (the caller suggests candidates).
 */
export function findPerson(people: Map<string, PersonEntry>, name: string): PersonEntry | null {
  const key = normalizeForMatch(name).replace(/\s+/g, '');
  if (!key) return null;
  const exact = people.get(key);
  if (exact) return exact;
  const latin = pinyinKey(name);
  if (latin) {
    // Typed in pinyin: the one person whose name reads so (two with the same reading are ambiguous).
    const same = [...people.values()].filter((e) => e.pinyin === latin);
    if (same.length) return same.length === 1 ? same[0]! : null;
  }
  const candidates = suggestPeople(people, name, 2);
  return candidates.length === 1 ? people.get(candidates[0]!.id)! : null;
}

export function suggestPeople(people: Map<string, PersonEntry>, prefix: string, limit = 25): PersonSummary[] {
  const latin = pinyinKey(prefix);
  // Pinyin is matched on the reading (`mao w` → 毛伟明), characters on the name.
  const key = latin ?? normalizeForMatch(prefix).replace(/\s+/g, '');
  const field = (e: PersonEntry) => (latin ? e.pinyin : e.id);
  const all = [...people.values()];
  const starts = all.filter((e) => !key || field(e).startsWith(key));
  const contains = key ? all.filter((e) => !field(e).startsWith(key) && field(e).includes(key)) : [];
  const byMentions = (a: PersonEntry, b: PersonEntry) => b.paragraphs.length - a.paragraphs.length || a.id.localeCompare(b.id);
  return [...starts.sort(byMentions), ...contains.sort(byMentions)].slice(0, limit).map((e) => ({
    id: e.id,
    name: e.variants.find((v) => v === e.id) ?? e.variants[0] ?? e.id,
    variants: e.variants,
    roles: e.roles,
    mentions: e.paragraphs.length,
  }));
}

/** Longest run of words tried as one name: a surname and a given name of up to three syllables written apart. */
const MAX_NAME_WORDS = 4;

/**
 * A question with people's names typed in pinyin (`Mao Weiming在…`, `maoweiming`)
 * written in characters, so the keyword index finds them. Words that spell no
 * one's name, or more than one person's, are left as typed.
 */
export function resolvePinyinNames(people: Map<string, PersonEntry>, question: string): string {
  const byPinyin = new Map<string, string | null>();
  for (const e of people.values()) byPinyin.set(e.pinyin, byPinyin.has(e.pinyin) ? null : (e.variants.find((v) => v === e.id) ?? e.variants[0] ?? e.id));
  return question.replace(/[A-Za-z\u00c0-\u024f\u1e00-\u1eff][A-Za-z\u00c0-\u024f\u1e00-\u1eff1-5'’ ]*/gu, (run) => {
    const words = run.trim().split(/\s+/);
    const out: string[] = [];
    for (let i = 0; i < words.length; ) {
      let matched = 0;
      for (let n = Math.min(MAX_NAME_WORDS, words.length - i); n >= 1 && !matched; n--) {
        const key = pinyinKey(words.slice(i, i + n).join(''));
        const name = key ? byPinyin.get(key) : undefined;
        if (name) {
          out.push(name);
          matched = n;
        }
      }
      if (!matched) out.push(words[i]!);
      i += matched || 1;
    }
    const lead = run.match(/^\s*/)![0];
    const trail = run.match(/\s*$/)![0];
    return lead + out.join(' ').replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '') + trail;
  });
}
