import { MATCH_PRESET, toMatchSimplified } from '../corpus/script.js';

/**
 * Matching keys: documents and queries go through the same function, so a
 * traditional question finds a simplified passage and the reverse. The script
 * step (`twp` → `cn`, which also rewrites Taiwan phrases such as 軟體 → 软件)
 * lives in the one script module; its preset is part of the index's id.
 */
export const OPENCC_PRESET = MATCH_PRESET;
export const NORMALIZATION_ID = `nfkc+lower+opencc:${OPENCC_PRESET.from}->${OPENCC_PRESET.to}`;

/** The key used for matching: NFKC (full-width forms), lower case, simplified. */
export function normalizeForMatch(text: string): string {
  return toMatchSimplified(text.normalize('NFKC').toLowerCase());
}
