/**
 * The one OpenCC module: which script a text is written in, the simplified
 * keys that merge both scripts, and conversion for display. Each use has its
 * own preset, chosen for what it must not do:
 * - matching keys (`twp` → `cn`): also rewrite Taiwan phrases (軟體 → 软件) so
 *   a question finds a passage whatever words it uses; feeds the index;
 * - name keys and encoding checks (`tw` → `cn`): characters only, so a name
 *   is never rewritten as a phrase;
 * - display (`tw` → `cn`, `cn` → `tw`): one clean script, characters and the
 *   phrases that decide a character (著名 stays, 头发 → 頭髮), never other words.
 */
import * as OpenCC from 'opencc-js';

export type Script = 'simplified' | 'traditional';

/** The preset of the matching key; its id is recorded in the index manifest. */
export const MATCH_PRESET = { from: 'twp', to: 'cn' } as const;

const matchKey = OpenCC.Converter(MATCH_PRESET);
const twToCn = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** Simplified → traditional, built on first use: its dictionary takes ~0.1 s to load. */
let cnToTw: ((s: string) => string) | null = null;
function cnToTraditional(text: string): string {
  const convert = (cnToTw ??= OpenCC.Converter({ from: 'cn', to: 'tw' }));
  return convert(text);
}

/** Simplified with Taiwan phrases rewritten: the matching key's script step. */
export function toMatchSimplified(text: string): string {
  return matchKey(text);
}

/** Simplified form of a text (characters converted, no word rewritten). */
export function toSimplified(text: string): string {
  return twToCn(text);
}

/** Traditional (Taiwan standard characters) form of a text. */
export function toTraditional(text: string): string {
  return cnToTraditional(text);
}

/** Text shown in one script: what every reply, in Discord and the terminal, goes through. */
export function toScript(text: string, script: Script): string {
  return script === 'simplified' ? twToCn(text) : cnToTraditional(text);
}

/** A sample is enough to tell the script of a file, however large. */
const SAMPLE_CHARS = 200_000;
const HAN = /\p{Script=Han}/u;

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
 * Characters written only in one script: those the display conversion to the
 * other script changes, read in context (so 著名 in simplified text is not
 * counted as traditional). Where a conversion changes the length, the
 * characters are compared per character instead.
 */
export function scriptCounts(text: string): { traditional: number; simplified: number; han: number } {
  const sample = text.slice(0, SAMPLE_CHARS);
  const chars = [...sample];
  const han = chars.filter((c) => HAN.test(c)).length;
  if (han === 0) return { traditional: 0, simplified: 0, han };
  const differing = (converted: string, convert: (s: string) => string): number => {
    const out = [...converted];
    if (out.length === chars.length) return chars.filter((c, i) => c !== out[i]).length;
    const each = convertEach(chars.filter((c) => HAN.test(c)), convert);
    return chars.filter((c) => HAN.test(c) && each.get(c) !== c).length;
  };
  return { traditional: differing(twToCn(sample), twToCn), simplified: differing(cnToTraditional(sample), cnToTraditional), han };
}

/**
 * The majority script of a text; `other` when it has no Han character. Text
 * with no script-specific character counts as simplified.
 */
export function detectScript(text: string): Script | 'other' {
  const counts = scriptCounts(text);
  if (counts.han === 0) return 'other';
  return counts.traditional > counts.simplified ? 'traditional' : 'simplified';
}

/** The script a document is stored as: its majority script (no Han at all counts as simplified). */
export function documentScript(text: string): Script {
  return detectScript(text) === 'traditional' ? 'traditional' : 'simplified';
}
