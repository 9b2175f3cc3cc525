/**
 * Sentence-aware cutting of Discord markdown. Every trim the bot does ends at
 * a sentence boundary when one exists (the presenter's sentences), then at a
 * clause boundary, and only as a last resort mid-clause, so quotes stay readable.
 */
import { sentenceSpans } from '../present/text.js';

/** Where a too-long sentence may be cut. */
const CLAUSE_END = /[，、,：:\s]/g;

/** Unescaped `**` markers; an odd count means a bold run was cut open. */
function boldMarkers(text: string): number {
  return text.match(/(?<!\\)\*\*/g)?.length ?? 0;
}

/** Drops a dangling escape backslash and a half surrogate pair at the end of a cut. */
function cleanCut(text: string): string {
  let out = text;
  const last = out.charCodeAt(out.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1);
  const trailing = out.match(/\\+$/)?.[0].length ?? 0;
  if (trailing % 2 === 1) out = out.slice(0, -1);
  return out;
}

/** Cuts one long run of text at the last clause boundary that fits, else at `max`. */
export function hardCut(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = -1;
  for (const m of text.matchAll(CLAUSE_END)) {
    const end = (m.index ?? 0) + m[0].length;
    if (end > max) break;
    cut = end;
  }
  // A clause boundary too early would throw away most of the room: cut mid-clause instead.
  if (cut < max * 0.5) cut = max;
  return cleanCut(text.slice(0, cut));
}

/**
 * Shortens `text` to at most `max` characters, ending at a sentence boundary
 * and adding `ellipsis`. Keeps `**bold**` runs balanced.
 */
export function truncateAtSentence(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  if (max <= ellipsis.length) return ellipsis.slice(0, Math.max(0, max));
  const reserve = ellipsis.length + (text.includes('**') ? 2 : 0);
  const room = max - reserve;
  let kept = '';
  for (const [s, e] of sentenceSpans(text)) {
    const sentence = text.slice(s, e);
    if (kept.length + sentence.length > room) break;
    kept += sentence;
  }
  if (kept.trim() === '') kept = hardCut(text, room);
  kept = cleanCut(kept.trimEnd());
  if (boldMarkers(kept) % 2 === 1) kept += '**';
  return kept + ellipsis;
}
