import { fileURLToPath } from 'node:url';
import nodejieba from 'nodejieba';

// Only the segmentation dictionaries are loaded: keyword extraction's IDF table (19 MiB in memory) is replaced
// by a one-line stand-in, as are its stop words; nodejieba is patched to hold its dictionary once, compactly (see jieba/README.md).
nodejieba.load({
  idfDict: fileURLToPath(new URL('./jieba/idf.utf8', import.meta.url)),
  stopWordDict: fileURLToPath(new URL('./jieba/stop_words.utf8', import.meta.url)),
});

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

/**
 * Words jieba must keep whole (people's names). Segmentation is a function of
 * the text and this set alone: the set is applied around jieba, whose own
 * dictionary is never changed, so what was segmented before in the process
 * makes no difference (nodejieba's `insertWord` is global and cannot be undone).
 */
export class UserDictionary {
  /** The words, sorted: equal dictionaries list the same words. */
  readonly words: readonly string[];
  /** First character → words starting with it, longest first. */
  private readonly byFirst = new Map<string, string[]>();

  constructor(words: Iterable<string>) {
    this.words = [...new Set([...words].filter((w) => [...w].length >= 2))].sort();
    for (const w of this.words) {
      const first = String.fromCodePoint(w.codePointAt(0)!);
      const list = this.byFirst.get(first);
      if (list) list.push(w);
      else this.byFirst.set(first, [w]);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  }

  /** The text cut into user words (leftmost, then longest) and the stretches between them. */
  split(text: string): Array<{ text: string; word: boolean }> {
    const parts: Array<{ text: string; word: boolean }> = [];
    if (!this.byFirst.size) return [{ text, word: false }];
    let from = 0;
    for (let i = 0; i < text.length; ) {
      const c = text.codePointAt(i)!;
      const match = this.byFirst.get(String.fromCodePoint(c))?.find((w) => text.startsWith(w, i));
      if (match) {
        if (i > from) parts.push({ text: text.slice(from, i), word: false });
        parts.push({ text: match, word: true });
        i += match.length;
        from = i;
      } else i += c > 0xffff ? 2 : 1;
    }
    if (from < text.length) parts.push({ text: text.slice(from), word: false });
    return parts;
  }

  /** Whether any of the words occurs in the text. */
  occursIn(text: string): boolean {
    return this.byFirst.size > 0 && this.split(text).some((p) => p.word);
  }
}

export const NO_USER_WORDS = new UserDictionary([]);

/** Words of the text: user words whole, jieba `cutForSearch` between them. */
export function words(norm: string, dictionary: UserDictionary = NO_USER_WORDS): string[] {
  const out: string[] = [];
  for (const part of dictionary.split(norm)) {
    if (part.word) out.push(part.text);
    else for (const token of nodejieba.cutForSearch(part.text, true)) pushWord(out, token);
  }
  return out;
}

function pushWord(out: string[], token: string): void {
  const t = token.trim();
  if (!t) return;
  if (HAS_HAN.test(t)) {
    // Single characters are noise next to the bigram field, which already has them.
    if ([...t].length > 1) out.push(t);
  } else if (/^[a-z0-9]/.test(t) && t.length > 1) {
    out.push(t);
  }
}

/** jieba's part-of-speech tags of names: places, people, organisations, other proper nouns. */
export const NAME_TAGS: ReadonlySet<string> = new Set(['ns', 'nr', 'nrt', 'nrfg', 'nt', 'nz']);

/** Words of a normalised text with jieba's part-of-speech tags (`x`: a word its dictionary does not hold). */
export function taggedWords(norm: string): Array<{ word: string; tag: string }> {
  return nodejieba.tag(norm);
}

/**
 * Whether jieba's dictionary holds the text as one ordinary word, not a name (任期, 周到): a person's name found
 * so in a corpus is more likely a misreading of that word (`卡特任期之内`) than a name.
 */
export function isOrdinaryWord(text: string): boolean {
  const tagged = taggedWords(text);
  return tagged.length === 1 && tagged[0]!.word === text && tagged[0]!.tag !== 'x' && !NAME_TAGS.has(tagged[0]!.tag);
}
