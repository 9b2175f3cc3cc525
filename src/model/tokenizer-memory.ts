import type { PreTrainedTokenizer } from '@huggingface/transformers';

/**
 * What transformers.js's tokenizer keeps that tokenizing does not need
 * (@huggingface/tokenizers 0.2.0; its internals, so each is checked before use):
 * - its model's reference to the parsed vocabulary of tokenizer.json (an array
 *   of [piece, score] pairs, or an object of piece → id), read only when the
 *   model is built: 26 MiB for 250,000 Unigram pieces, 12 MiB for 250,037
 *   WordPiece rows;
 * - a Unigram (SentencePiece) model's character trie with a JavaScript Map at
 *   every node, beside the piece → id Map it already has: about 80 MiB for
 *   250,000 pieces. The same search is answered from the piece map (every
 *   prefix of the text up to the longest piece with its first two characters,
 *   shortest first, as the trie yields them).
 * Measured on stand-in vocabularies of that size (bench/RESULTS.md); token ids
 * are unchanged (test/model/tokenizer-memory.test.ts).
 */

/** The parts of @huggingface/tokenizers' models this relies on. */
interface TokenizerModel {
  config?: { vocab?: unknown };
  tokens_to_ids?: Map<string, number>;
  trie?: { common_prefix_search?: unknown };
  scores?: unknown;
  max_input_chars_per_word?: unknown;
}

function modelOf(tokenizer: PreTrainedTokenizer): TokenizerModel | null {
  return (tokenizer as unknown as { _tokenizer?: { model?: TokenizerModel } })._tokenizer?.model ?? null;
}

/** Lets go of what the tokenizer does not need to tokenize; returns what was released. */
export function compactTokenizer(tokenizer: PreTrainedTokenizer): { vocabulary: boolean; prefixTrie: boolean } {
  const model = modelOf(tokenizer);
  const ids = model?.tokens_to_ids;
  if (!model || !(ids instanceof Map) || !ids.size) return { vocabulary: false, prefixTrie: false };
  const unigram = typeof model.trie?.common_prefix_search === 'function' && Array.isArray(model.scores);
  const wordPiece = typeof model.max_input_chars_per_word === 'number';
  let vocabulary = false;
  // Unigram and WordPiece read it in their constructors only (BPE and the others are left as they are).
  if ((unigram || wordPiece) && model.config?.vocab) {
    delete model.config.vocab;
    vocabulary = true;
  }
  if (unigram) model.trie = prefixSearch(ids);
  return { vocabulary, prefixTrie: unigram };
}

/** The Unigram trie's `common_prefix_search` over a piece → id map. */
function prefixSearch(ids: Map<string, number>): { common_prefix_search(chars: string[], start?: number): Generator<string> } {
  // Length in characters of the longest piece starting with each pair of characters: where the search
  // can stop (keyed by one character it took 1.6 times the trie's time, by two 1.03).
  const longest = new Map<string, number>();
  for (const piece of ids.keys()) {
    const chars = [...piece];
    if (chars.length < 2) continue;
    const pair = chars[0]! + chars[1]!;
    if (chars.length > (longest.get(pair) ?? 0)) longest.set(pair, chars.length);
  }
  return {
    *common_prefix_search(chars: string[], start = 0) {
      if (start >= chars.length) return;
      let prefix = chars[start]!;
      if (ids.has(prefix)) yield prefix;
      const end = start + 1 < chars.length ? Math.min(chars.length, start + (longest.get(prefix + chars[start + 1]) ?? 0)) : start;
      for (let i = start + 1; i < end; i++) {
        prefix += chars[i];
        if (ids.has(prefix)) yield prefix;
      }
    },
  };
}
