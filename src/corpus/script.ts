/**
 * The one OpenCC module: which script a text is written in, the simplified
 * keys that merge both scripts, and conversion for display. Each use has its
 * own preset, chosen for what it must not do:
 * - matching keys (`twp` → `cn`): also rewrite Taiwan phrases (軟體 → 软件) so
 *   a question finds a passage whatever words it uses; feeds the index;
 * - name keys and encoding checks (`tw` → `cn`): characters only, so a name
 *   is never rewritten as a phrase;
 * - display (`tw` → `cn`, `cn` → `tw`): one clean script, characters and the
 *   phrases that decide a character (著名 stays, 头发 → 頭髮), never other words;
 *   place names OpenCC writes wrong in some context (script-names.json) are
 *   kept whole, so no phrase reaching into them changes them (湖南岳阳 is
 *   湖南岳陽, not 湖南嶽陽 by the phrase 南岳).
 */
import { readFileSync } from 'node:fs';
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

/** Place names and their traditional form, one character for one (script-names.json). */
const NAMES: Record<string, string> = JSON.parse(readFileSync(new URL('./script-names.json', import.meta.url), 'utf8')).names;

/** A trie of the names in one direction (simplified → traditional, or back). */
function nameTrie(pairs: Array<[string, string]>): OpenCC.Trie {
  const trie = new OpenCC.Trie();
  for (const [from, to] of pairs) trie.addWord(from, to);
  return trie;
}
// Either form of a name is found: text already in the target script goes through the conversion too (titles, quotes as written).
const TO_TRADITIONAL_NAMES = nameTrie(Object.entries(NAMES).flatMap(([s, t]) => [[s, t], [t, t]] as Array<[string, string]>));
const TO_SIMPLIFIED_NAMES = nameTrie(Object.entries(NAMES).flatMap(([s, t]) => [[t, s], [s, s]] as Array<[string, string]>));

/**
 * `convert` with the names kept whole: the text is cut at each name (longest
 * first, as OpenCC cuts), the name written as the table has it and the rest
 * converted as usual, so a phrase reaching into a name cannot change it.
 */
function keepingNames(text: string, names: OpenCC.Trie, convert: (s: string) => string): string {
  // A piece that starts with a name is that name: the cut puts every name at a piece's start.
  return names
    .segment(text)
    .map((piece: string) => {
      const name = names.matchPrefix(piece, 0);
      return name && name.end === piece.length ? name.value : convert(piece);
    })
    .join('');
}

/** Simplified with Taiwan phrases rewritten: the matching key's script step. */
export function toMatchSimplified(text: string): string {
  return matchKey(text);
}

/** Simplified form of a text (characters converted, no word rewritten). */
export function toSimplified(text: string): string {
  return twToCn(text);
}

/** Traditional (Taiwan standard characters) form of a text, place names as the table writes them. */
export function toTraditional(text: string): string {
  return keepingNames(text, TO_TRADITIONAL_NAMES, cnToTraditional);
}

/** Text shown in one script: what every reply, in Discord and the terminal, goes through. */
export function toScript(text: string, script: Script): string {
  return script === 'simplified' ? keepingNames(text, TO_SIMPLIFIED_NAMES, twToCn) : toTraditional(text);
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
 * Per character seen outside the Basic Multilingual Plane: bit 1 when the
 * conversion to simplified changes it on its own, bit 2 when the conversion
 * to traditional does; bits 4 and 8 when a phrase of that conversion may do
 * otherwise in context.
 */
const CHANGED_BY = new Map<string, number>();
/** The same for characters of the Basic Multilingual Plane, by code unit, with bit 16 set once seen: a lookup per character without a string. */
const BMP_FLAGS = new Uint8Array(0x10000);
const SEEN = 16;

/** Characters a phrase rule of a preset may change (`change`) or keep (`keep`): where a character read in context can differ from the character alone. */
interface PhraseCharacters {
  change: Set<string>;
  keep: Set<string>;
}

type OpenccDictionary = string | Array<[string, string]>;
type OpenccConfig = { normalizationChain?: OpenccDictionary[][]; segmentation?: OpenccDictionary[]; conversionChain: OpenccDictionary[][] };

/** Every multi-character entry of an opencc-js preset's dictionaries (normalisation, segmentation, conversion). */
function phraseCharacters(config: OpenccConfig): PhraseCharacters {
  const out: PhraseCharacters = { change: new Set(), keep: new Set() };
  const dictionaries = [...(config.normalizationChain ?? []).flat(), ...(config.segmentation ?? []), ...config.conversionChain.flat()];
  for (const d of dictionaries) {
    const entries = typeof d === 'string' ? d.split('|').map((e) => e.split(' ') as [string, string]) : d;
    for (const [key, value = ''] of entries) {
      const k = [...key];
      if (k.length < 2) continue;
      const v = [...value];
      k.forEach((c, j) => {
        if (k.length !== v.length || c !== v[j]) out.change.add(c);
        if (k.length !== v.length || c === v[j]) out.keep.add(c);
      });
    }
  }
  return out;
}

/** The presets `twToCn` and `cnToTraditional` run (opencc-js names them tw2s and s2tw). */
const CONFIGS = (OpenCC as unknown as { Locale: { configs: Record<string, OpenccConfig> } }).Locale.configs;
/** Built on first use: reading the dictionaries takes a fraction of a second. */
let phrases: { toSimplified: PhraseCharacters; toTraditional: PhraseCharacters } | null = null;

/**
 * `scriptCounts` bounded by a table of characters instead of converting the
 * text: a character that converts on its own counts for certain unless some
 * phrase of the preset keeps it (著 in 著名), one that does not is certain
 * unless some phrase changes it; the others are uncertain (`…Uncertain`: the
 * count read in context lies between the certain count and it plus these).
 * The table is filled by converting each character the first time it is seen.
 */
export function characterCounts(text: string): { traditional: number; simplified: number; traditionalUncertain: number; simplifiedUncertain: number } {
  const p = (phrases ??= { toSimplified: phraseCharacters(CONFIGS['tw2s']!), toTraditional: phraseCharacters(CONFIGS['s2tw']!) });
  const sample = text.slice(0, SAMPLE_CHARS);
  const unseen = new Set<string>();
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code >= 0xd800 && code < 0xe000) {
      const c = String.fromCodePoint(sample.codePointAt(i)!);
      if (!CHANGED_BY.has(c)) unseen.add(c);
      if (c.length === 2) i++;
    } else if (!(BMP_FLAGS[code]! & SEEN)) unseen.add(sample[i]!);
  }
  if (unseen.size) {
    const simplified = convertEach(unseen, twToCn);
    const traditional = convertEach(unseen, cnToTraditional);
    // A phrase may apply to the character or, in a later step of the preset, to what it became.
    const uncertain = (c: string, out: string, ph: PhraseCharacters) => (out !== c ? ph.keep.has(c) || ph.keep.has(out) : ph.change.has(c));
    for (const c of unseen) {
      const s = simplified.get(c) ?? c;
      const t = traditional.get(c) ?? c;
      const flags = (s !== c ? 1 : 0) | (t !== c ? 2 : 0) | (uncertain(c, s, p.toSimplified) ? 4 : 0) | (uncertain(c, t, p.toTraditional) ? 8 : 0);
      const code = c.charCodeAt(0);
      if (code < 0xd800 || code >= 0xe000) BMP_FLAGS[code] = flags | SEEN;
      else CHANGED_BY.set(c, flags);
    }
  }
  const counts = { traditional: 0, simplified: 0, traditionalUncertain: 0, simplifiedUncertain: 0 };
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    let f: number;
    if (code >= 0xd800 && code < 0xe000) {
      const c = String.fromCodePoint(sample.codePointAt(i)!);
      f = CHANGED_BY.get(c) ?? 0;
      if (c.length === 2) i++;
    } else f = BMP_FLAGS[code]!;
    if (f & 4) counts.traditionalUncertain++;
    else counts.traditional += f & 1;
    if (f & 8) counts.simplifiedUncertain++;
    else counts.simplified += (f >> 1) & 1;
  }
  return counts;
}

/**
 * The majority script of a text; `other` when it has no Han character. Text
 * with no script-specific character counts as simplified. Decided by the
 * character table when its bounds decide it whatever the uncertain characters
 * do in context (a whole document nearly always: converting it in context was
 * half of parsing), else by converting in context (`scriptCounts`).
 */
export function detectScript(text: string): Script | 'other' {
  if (!HAN.test(text.slice(0, SAMPLE_CHARS))) return 'other';
  const c = characterCounts(text);
  if (c.traditional > c.simplified + c.simplifiedUncertain) return 'traditional';
  if (c.traditional + c.traditionalUncertain <= c.simplified) return 'simplified';
  const counts = scriptCounts(text);
  return counts.traditional > counts.simplified ? 'traditional' : 'simplified';
}

/** The script a document is stored as: its majority script (no Han at all counts as simplified). */
export function documentScript(text: string): Script {
  return detectScript(text) === 'traditional' ? 'traditional' : 'simplified';
}
