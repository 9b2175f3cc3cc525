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
  /** Paragraph ids mentioning the person, newest article first. */
  paragraphs: number[];
  /** Roles given at each paragraph. */
  rolesAt: Map<number, string[]>;
}

/** Sort key of a publish date: unknown parts sort before known ones. */
export function dateKey(d: PartialDate | null): number {
  if (!d) return -1;
  return (d.year ?? 0) * 10000 + (d.month ?? 0) * 100 + (d.day ?? 0);
}

/** Everyone the corpus mentions, merged across scripts by their simplified key. */
export function buildPeople(data: IndexData): Map<string, PersonEntry> {
  const people = new Map<string, PersonEntry & { roleSeen: Map<string, number>; variantSet: Set<string> }>();
  const articleDate = (id: number) => {
    const p = data.paragraphs[id]!;
    return dateKey(data.documents[p.doc]!.articles[p.article]!.date);
  };
  for (const p of data.paragraphs) {
    for (const m of p.people) {
      let e = people.get(m.key);
      if (!e) {
        e = { id: m.key, variants: [], roles: [], paragraphs: [], rolesAt: new Map(), roleSeen: new Map(), variantSet: new Set() };
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
  const candidates = suggestPeople(people, name, 2);
  return candidates.length === 1 ? people.get(candidates[0]!.id)! : null;
}

export function suggestPeople(people: Map<string, PersonEntry>, prefix: string, limit = 25): PersonSummary[] {
  const key = normalizeForMatch(prefix).replace(/\s+/g, '');
  const all = [...people.values()];
  const starts = all.filter((e) => !key || e.id.startsWith(key));
  const contains = key ? all.filter((e) => !e.id.startsWith(key) && e.id.includes(key)) : [];
  const byMentions = (a: PersonEntry, b: PersonEntry) => b.paragraphs.length - a.paragraphs.length || a.id.localeCompare(b.id);
  return [...starts.sort(byMentions), ...contains.sort(byMentions)].slice(0, limit).map((e) => ({
    id: e.id,
    name: e.variants.find((v) => v === e.id) ?? e.variants[0] ?? e.id,
    variants: e.variants,
    roles: e.roles,
    mentions: e.paragraphs.length,
  }));
}
