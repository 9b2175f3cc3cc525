/**
 * Simplified or traditional: which script a text is written in, and the
 * simplified form used as the key that merges both scripts.
 */
import * as OpenCC from 'opencc-js';

export type Script = 'simplified' | 'traditional';

/** Traditional → simplified, characters only (`tw`: no phrase rewriting of names). */
const twToCn = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** Simplified → traditional, built on first use: its dictionary takes ~0.1 s to load. */
let cnToT: ((s: string) => string) | null = null;
export function toTraditional(text: string): string {
  const convert = (cnToT ??= OpenCC.Converter({ from: 'cn', to: 't' }));
  return convert(text);
}

/** Simplified form of a text (characters converted one for one). */
export function toSimplified(text: string): string {
  return twToCn(text);
}

/** A sample is enough to tell the script of a file, however large. */
const SAMPLE_CHARS = 200_000;

/**
 * Each distinct character and its conversion, converted one per line so that
 * no phrase rule spans two of them.
 */
export function convertEach(chars: Iterable<string>, convert: (s: string) => string = toSimplified): Map<string, string> {
  const distinct = [...new Set(chars)].filter((c) => c !== '\n');
  const converted = convert(distinct.join('\n')).split('\n');
  return new Map(distinct.map((c, i) => [c, converted.length === distinct.length ? converted[i]! : convert(c)]));
}

/**
 * The majority script: characters that only exist in traditional change under
 * traditional → simplified, and the reverse. Ties (text with no script-specific
 * characters) count as simplified.
 */
export function detectScript(text: string): Script {
  const chars = [...text.slice(0, SAMPLE_CHARS)].filter((c) => /\p{Script=Han}/u.test(c));
  const simplified = convertEach(chars, twToCn);
  const traditional = convertEach(chars, toTraditional);
  let traditionalOnly = 0;
  let simplifiedOnly = 0;
  for (const c of chars) {
    if (simplified.get(c) !== c) traditionalOnly++;
    if (traditional.get(c) !== c) simplifiedOnly++;
  }
  return traditionalOnly > simplifiedOnly ? 'traditional' : 'simplified';
}
