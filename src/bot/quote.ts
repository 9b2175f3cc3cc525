/**
 * Renders a shown passage (see src/present) as Discord markdown: its answering
 * sentences in bold, escaped, and fitted to a character budget by dropping
 * whole sentences: the answering sentences are kept first, then their nearest
 * neighbours; gaps become `…`.
 */
import { sentenceSpans, type Range } from '../present/text.js';
import { escape } from './reply.js';
import { hardCut } from './trim.js';

interface Unit {
  text: string;
  /** `text` escaped once up front: the budget search renders many selections. */
  escaped: string;
  marked: boolean;
}

const GAP = ' … ';
const ELLIPSIS = '…';

/** Splits at every sentence boundary and every range boundary, so each unit is wholly in or out of a range. */
function units(text: string, ranges: readonly Range[]): Unit[] {
  const cuts = new Set<number>([0, text.length]);
  for (const [s, e] of sentenceSpans(text)) {
    cuts.add(s);
    cuts.add(e);
  }
  const clamped = ranges.map(([s, e]): Range => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))]);
  for (const [s, e] of clamped) {
    cuts.add(s);
    cuts.add(e);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Unit[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i] ?? 0;
    const e = points[i + 1] ?? 0;
    if (e <= s) continue;
    const piece = text.slice(s, e);
    out.push({ text: piece, escaped: escape(piece), marked: clamped.some(([rs, re]) => s >= rs && e <= re && re > rs) });
  }
  return out;
}

/** Bold around the trimmed core only: Discord does not render `** text**`. */
function bold(text: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  const [, lead = '', core = '', trail = ''] = m ?? [];
  return core ? `${lead}**${core}**${trail}` : text;
}

function renderSelection(all: readonly Unit[], picked: readonly number[]): string {
  if (picked.length === 0) return '';
  let out = (picked[0] ?? 0) > 0 ? ELLIPSIS : '';
  let run: Unit[] = [];
  const flush = (): void => {
    // Consecutive marked units share one bold run: `****` between them would not render.
    let i = 0;
    while (i < run.length) {
      const marked = run[i]?.marked ?? false;
      let text = '';
      while (i < run.length && (run[i]?.marked ?? false) === marked) text += run[i++]?.escaped ?? '';
      out += marked ? bold(text) : text;
    }
    run = [];
  };
  picked.forEach((index, k) => {
    if (k > 0 && index !== (picked[k - 1] ?? 0) + 1) {
      flush();
      out = out.trimEnd() + GAP;
    }
    const unit = all[index];
    if (unit) run.push(unit);
  });
  flush();
  if ((picked[picked.length - 1] ?? 0) < all.length - 1) out = out.trimEnd() + ELLIPSIS;
  return out.trim();
}

/**
 * The passage as Discord markdown in at most `budget` characters. Answering
 * sentences come first, then context by distance from them; without ranges,
 * the passage is kept from its start.
 */
export function renderQuote(text: string, ranges: readonly Range[], budget: number): string {
  const all = units(text, ranges);
  if (all.length === 0) return '';
  const full = renderSelection(all, all.map((_, i) => i));
  if (full.length <= budget) return full;

  const markedAt = all.flatMap((u, i) => (u.marked ? [i] : []));
  const priority = (i: number): number =>
    markedAt.length === 0 ? i : Math.min(...markedAt.map((m) => Math.abs(m - i)));
  const order = all.map((_, i) => i).sort((a, b) => priority(a) - priority(b) || a - b);

  const picked: number[] = [];
  for (const index of order) {
    const attempt = [...picked, index].sort((a, b) => a - b);
    if (renderSelection(all, attempt).length <= budget) picked.splice(0, picked.length, ...attempt);
    // Context stops growing at the first neighbour that does not fit (no scattered fragments);
    // every answering sentence still gets its chance. Nothing fitting at all is handled below.
    else if (picked.length === 0 || !all[index]?.marked) break;
  }
  if (picked.length > 0) return renderSelection(all, picked);

  // One sentence longer than the budget: cut it at a clause, keeping its bold.
  const first = all[order[0] ?? 0] ?? { text, escaped: escape(text), marked: false };
  const room = Math.max(0, budget - 2 * ELLIPSIS.length - (first.marked ? 4 : 0));
  let cut = first.text;
  // Escaping can lengthen the text, so shrink until the escaped form fits.
  for (let max = room; max > 0; max = Math.floor(max * 0.9)) {
    cut = hardCut(first.text, max);
    if (escape(cut).length <= room) break;
  }
  const body = first.marked ? bold(escape(cut)) : escape(cut);
  return `${(order[0] ?? 0) > 0 ? ELLIPSIS : ''}${body}${ELLIPSIS}`.slice(0, Math.max(0, budget));
}
