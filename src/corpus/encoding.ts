/**
 * Which encoding a scraped file is in: UTF-8 (with or without BOM), UTF-16
 * with a BOM, GB18030 (a superset of GBK and GB2312) or Big5. Decoders are
 * strict: an encoding is a candidate only if the whole file decodes without an
 * error. Between GB18030 and Big5, whose byte ranges overlap, the one whose
 * text is made of common characters wins.
 *
 * Also the GB18030 tables the cleaning stage needs to re-read mis-decoded bytes.
 */
import { convertEach, toSimplified } from './script.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

export type DecodeResult =
  /** `dropped`: stray bytes that were not UTF-8 in an otherwise UTF-8 file, left out of the text. */
  | { ok: true; text: string; encoding: TextEncodingName; dropped?: number }
  | { ok: false; problem: 'binary' | 'undecodable'; detail: string };

const BOMS: { bytes: number[]; encoding: TextEncodingName }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** Characters scored when choosing between the legacy encodings. */
const SCORE_SAMPLE_CHARS = 20_000;
/** Below this share of common characters a decoding is gibberish, not Chinese text. */
const MIN_COMMON_SHARE = 0.5;
/** Fewer Han characters than this say too little to reject a decoding as gibberish. */
const MIN_HAN_TO_JUDGE = 10;
const HAN = /\p{Script=Han}/u;
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/u;

function strictDecode(bytes: Uint8Array, encoding: TextEncodingName): string | null {
  try {
    // ignoreBOM: the BOM is handled (and stripped) by the caller.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

/** How Chinese a decoded text looks: common characters count for it, rare ones and private-use code points against. */
function scoreChinese(text: string): { score: number; han: number; common: number } {
  const chars = [...text.slice(0, SCORE_SAMPLE_CHARS)];
  const simplified = convertEach(chars.filter((c) => HAN.test(c)));
  const { level1 } = gbTables();
  let han = 0;
  let common = 0;
  let privateUse = 0;
  for (const c of chars) {
    if (isPrivateUse(c)) privateUse++;
    else if (HAN.test(c)) {
      han++;
      if (level1.has(c) || level1.has(simplified.get(c)!)) common++;
    }
  }
  return { score: common - (han - common) - 2 * privateUse, han, common };
}

/**
 * Decodes a file's bytes, detecting the encoding. NUL bytes mean a binary
 * file (UTF-16 without a BOM is not supported); an encoding that does not
 * decode the whole file cleanly is not a candidate.
 */
export function decodeText(bytes: Uint8Array): DecodeResult {
  for (const bom of BOMS) {
    if (!startsWith(bytes, bom.bytes)) continue;
    const text = strictDecode(bytes.subarray(bom.bytes.length), bom.encoding);
    return text === null
      ? { ok: false, problem: 'undecodable', detail: `it starts with a ${bom.encoding} byte-order mark but is not valid ${bom.encoding}` }
      : { ok: true, text, encoding: bom.encoding };
  }
  if (bytes.includes(0)) return { ok: false, problem: 'binary', detail: 'it contains NUL bytes, so it is not a text file' };

  const utf8 = strictDecode(bytes, 'utf-8');
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'utf-8' };
  const strayBytes = utf8WithStrayBytes(bytes);
  if (strayBytes) return strayBytes;

  let best: { text: string; encoding: TextEncodingName; score: ReturnType<typeof scoreChinese> } | null = null;
  for (const encoding of ['gb18030', 'big5'] as const) {
    const text = strictDecode(bytes, encoding);
    // Control characters are not text: some bytes decode to them rather than to an error.
    if (text === null || CONTROL.test(text)) continue;
    const score = scoreChinese(text);
    if (!best || score.score > best.score.score) best = { text, encoding, score };
  }
  if (!best) return { ok: false, problem: 'undecodable', detail: 'it is not valid UTF-8, GB18030 or Big5' };
  const { han, common } = best.score;
  if (han >= MIN_HAN_TO_JUDGE && common / han < MIN_COMMON_SHARE) {
    return { ok: false, problem: 'undecodable', detail: `it is not UTF-8, and read as ${best.encoding} it is mostly rare characters` };
  }
  return { ok: true, text: best.text, encoding: best.encoding };
}

/** A file read as UTF-8 despite stray bytes has at least this many valid Han characters per stray byte: else it is another encoding. */
const MIN_HAN_PER_STRAY = 100;

/**
 * A UTF-8 file with a few stray bytes (a lone 0xFF from a bad scrape) is read
 * as UTF-8 without them rather than skipped whole: null when the file is not
 * that (a GB18030 or Big5 file is invalid UTF-8 at nearly every Han character).
 */
function utf8WithStrayBytes(bytes: Uint8Array): DecodeResult | null {
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const stray = lenient.match(/\uFFFD/gu)?.length ?? 0;
  let han = 0;
  for (const c of lenient) if (HAN.test(c)) han++;
  // A replacement character written in the file itself (bytes EF BF BD) would be counted as stray: such a file is left to the other checks.
  if (stray === 0 || han < stray * MIN_HAN_PER_STRAY || Buffer.from(bytes).includes(Buffer.from([0xef, 0xbf, 0xbd]))) return null;
  return { ok: true, text: lenient.replace(/\uFFFD/gu, ''), encoding: 'utf-8', dropped: stray };
}

function isPrivateUse(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0;
  return (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000;
}

// --- GB18030 tables ---------------------------------------------------------

interface GbTables {
  /** Character → its two-byte GB18030 code. */
  codeOf: Map<string, number>;
  /** GB2312 level 1: the 3,755 most frequent simplified characters. */
  level1: Set<string>;
  /** GB2312 row 1: common Chinese punctuation (、。“”…). */
  punctuation: Set<string>;
}

let tables: GbTables | null = null;

/** Built on first use by decoding every two-byte code (a few milliseconds). */
function gbTables(): GbTables {
  if (tables) return tables;
  const bytes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) bytes.push(lead, trail);
  }
  // Every two-byte code maps to exactly one BMP character, so the decoded text stays aligned with the codes.
  const chars = [...new TextDecoder('gb18030').decode(Uint8Array.from(bytes))];
  const codeOf = new Map<string, number>();
  const level1 = new Set<string>();
  const punctuation = new Set<string>();
  chars.forEach((c, i) => {
    const lead = bytes[2 * i]!;
    const trail = bytes[2 * i + 1]!;
    if (!codeOf.has(c)) codeOf.set(c, (lead << 8) | trail);
    if (trail >= 0xa1 && lead >= 0xb0 && lead <= 0xd7) level1.add(c);
    if (trail >= 0xa1 && lead === 0xa1) punctuation.add(c);
  });
  tables = { codeOf, level1, punctuation };
  return tables;
}

/** A frequent character in either script: its simplified form is in GB2312 level 1. */
export function isCommonHanzi(c: string): boolean {
  const { level1 } = gbTables();
  return level1.has(c) || level1.has(toSimplified(c));
}

/** Common Chinese punctuation (GB2312 row 1: `、。“”《》…`). */
export function isCommonCjkPunctuation(c: string): boolean {
  return gbTables().punctuation.has(c);
}

/** The GB18030 bytes of a text of ASCII and two-byte characters; null if any character needs four bytes. */
export function gb18030Bytes(text: string): Uint8Array | null {
  const { codeOf } = gbTables();
  const out: number[] = [];
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const code = codeOf.get(c);
    if (code === undefined) return null;
    out.push(code >> 8, code & 0xff);
  }
  return Uint8Array.from(out);
}

/** Strict GB18030 decoding; null when the bytes are not valid GB18030. */
export function decodeGb18030(bytes: Uint8Array): string | null {
  return strictDecode(bytes, 'gb18030');
}
