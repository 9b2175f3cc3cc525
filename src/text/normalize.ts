import * as OpenCC from 'opencc-js';

/**
 * Matching keys: documents and queries go through the same function, so a
 * traditional question finds a simplified passage and the reverse.
 * `twp` → `cn` also rewrites Taiwan phrases (軟體 → 软件), not only characters.
 */
export const OPENCC_PRESET = { from: 'twp', to: 'cn' } as const;
export const NORMALIZATION_ID = `nfkc+lower+opencc:${OPENCC_PRESET.from}->${OPENCC_PRESET.to}`;

const toSimplifiedRaw = OpenCC.Converter(OPENCC_PRESET);
const toTraditionalRaw = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** Simplified form, characters and Taiwan phrases; no other change. */
export function toSimplified(text: string): string {
  return toSimplifiedRaw(text);
}

/** Traditional (Taiwan standard characters) form of simplified text. */
export function toTraditional(text: string): string {
  return toTraditionalRaw(text);
}

/** The key used for matching: NFKC (full-width forms), lower case, simplified. */
export function normalizeForMatch(text: string): string {
  return toSimplifiedRaw(text.normalize('NFKC').toLowerCase());
}

export type Script = 'simplified' | 'traditional' | 'other';

const HAN = /\p{Script=Han}/u;

/**
 * Which script a text is written in: count the Han characters that change when
 * converted each way. Text with no convertible characters counts as simplified
 * when it has Han characters (most characters are shared), `other` otherwise.
 */
export function detectScript(text: string): Script {
  if (!HAN.test(text)) return 'other';
  const simplified = toSimplifiedRaw(text);
  const traditional = toTraditionalRaw(text);
  let changedToSimplified = 0;
  let changedToTraditional = 0;
  const a = [...text];
  const s = [...simplified];
  const t = [...traditional];
  // Same length in code points for character conversion; phrase conversion may
  // differ in length, in which case fall back to the overall inequality.
  if (a.length === s.length && a.length === t.length) {
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== s[i]) changedToSimplified++;
      if (a[i] !== t[i]) changedToTraditional++;
    }
  } else {
    changedToSimplified = simplified === text ? 0 : 1;
    changedToTraditional = traditional === text ? 0 : 1;
  }
  return changedToSimplified > changedToTraditional ? 'traditional' : 'simplified';
}

/** Show text in the requested script. */
export function convertScript(text: string, script: 'simplified' | 'traditional'): string {
  return script === 'simplified' ? toSimplifiedRaw(text) : toTraditionalRaw(text);
}
