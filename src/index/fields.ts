import { bigrams, characters, words } from '../text/segment.js';
import type { FieldTokens } from './keyword.js';

/** The keyword index's fields of a normalised paragraph (or query) and its article's title. */
export function tokensFor(norm: string, titleNorm: string): FieldTokens {
  return { bigram: bigrams(norm), char: characters(norm), word: words(norm), title: bigrams(titleNorm) };
}
