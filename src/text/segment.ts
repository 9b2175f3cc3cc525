import nodejieba from 'nodejieba';

/**
 * Tokenisation for the keyword index. Kinds of evidence, kept in separate
 * fields so each gets its own length normalisation:
 * - character bigrams over Han runs: a query term matches inside a longer word
 *   and segmentation mistakes cost nothing (NOTES: bigram BM25 beat word BM25);
 * - single Han characters, for questions that reword the passage;
 * - jieba `cutForSearch` words (plus whole Latin/digit words): a correctly
 *   segmented multi-character word is stronger evidence than its bigrams.
 * Input is already normalised (simplified, NFKC, lower case): jieba's dictionary
 * is simplified.
 */

const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[a-z0-9]+(?:[.'-][a-z0-9]+)*/g;
const HAS_HAN = /\p{Script=Han}/u;

/** Han characters that carry no meaning on their own: skipped as single-character terms. */
const FUNCTION_CHARS = new Set('的了在是和与及或等也就都而对把被从向于以之其这那有为着个上下中'.split(''));

export function bigrams(norm: string): string[] {
  const out: string[] = [];
  for (const m of norm.matchAll(HAN_RUN)) {
    const run = [...m[0]];
    if (run.length === 1) {
      if (!FUNCTION_CHARS.has(run[0]!)) out.push(run[0]!);
      continue;
    }
    for (let i = 0; i + 1 < run.length; i++) out.push(run[i]! + run[i + 1]!);
  }
  for (const m of norm.matchAll(LATIN_WORD)) out.push(m[0]);
  return out;
}

/** Every Han character: weak alone, but it rescues questions that share few whole bigrams with the answer. */
export function characters(norm: string): string[] {
  return [...norm].filter((c) => HAS_HAN.test(c));
}

export function words(norm: string): string[] {
  const out: string[] = [];
  for (const token of nodejieba.cutForSearch(norm, true)) {
    const t = token.trim();
    if (!t) continue;
    if (HAS_HAN.test(t)) {
      // Single characters are noise next to the bigram field, which already has them.
      if ([...t].length > 1) out.push(t);
    } else if (/^[a-z0-9]/.test(t) && t.length > 1) {
      out.push(t);
    }
  }
  return out;
}

const addedWords = new Set<string>();

/** Teach jieba words it must not split (people's names); idempotent. */
export function addUserWords(list: Iterable<string>): void {
  for (const w of list) {
    if (w.length < 2 || addedWords.has(w)) continue;
    nodejieba.insertWord(w, 'nr');
    addedWords.add(w);
  }
}
