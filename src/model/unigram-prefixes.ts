import type { PreTrainedTokenizer } from '@huggingface/transformers';

/**
 * transformers.js's Unigram tokenizer model (the SentencePiece kind of
 * multilingual-e5 and other XLM-R models) finds the pieces that start at each
 * position through a character trie with a JavaScript Map at every node, kept
 * beside the piece → id Map it already has. For 250,000 pieces that trie held
 * about 100 MiB (a stand-in vocabulary of Chinese words, bench/RESULTS.md).
 * `compactUnigramPrefixes` answers the same search from the piece → id Map
 * (every prefix of the text up to the longest piece with its first
 * character, shortest first, as the trie yields them) and lets the trie go.
 * Token ids are unchanged (test/model/unigram-prefixes.test.ts).
 */

/** The parts of @huggingface/tokenizers' Unigram model this relies on (not its public API: checked before use). */
interface UnigramModel {
  trie: { common_prefix_search(chars: string[], start?: number): Iterable<string> };
  tokens_to_ids: Map<string, number>;
}

function unigramModelOf(tokenizer: PreTrainedTokenizer): UnigramModel | null {
  const model = (tokenizer as unknown as { _tokenizer?: { model?: Partial<UnigramModel> } })._tokenizer?.model;
  const search = model?.trie?.common_prefix_search;
  return typeof search === 'function' && model?.tokens_to_ids instanceof Map ? (model as UnigramModel) : null;
}

/** Replaces a Unigram tokenizer's trie by a search of its piece map; returns whether there was one to replace. */
export function compactUnigramPrefixes(tokenizer: PreTrainedTokenizer): boolean {
  const model = unigramModelOf(tokenizer);
  if (!model) return false;
  const ids = model.tokens_to_ids;
  // Length in characters of the longest piece starting with each character: where the search can stop.
  const longest = new Map<string, number>();
  for (const piece of ids.keys()) {
    const chars = [...piece];
    if (chars.length > (longest.get(chars[0]!) ?? 0)) longest.set(chars[0]!, chars.length);
  }
  model.trie = {
    *common_prefix_search(chars: string[], start = 0) {
      const end = Math.min(chars.length, start + (longest.get(chars[start]!) ?? 0));
      let prefix = '';
      for (let i = start; i < end; i++) {
        prefix += chars[i];
        if (ids.has(prefix)) yield prefix;
      }
    },
  };
  return true;
}
