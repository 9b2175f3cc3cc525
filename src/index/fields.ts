import { bigrams, characters, words } from '../text/segment.js';
import type { FieldTokens } from './keyword.js';

/** The keyword index's fields of a normalised paragraph (or query) and its article's title. */
export function tokensFor(norm: string, titleNorm: string): FieldTokens {
  const bigram = bigrams(norm);
  // A query is matched against titles with its own bigrams: same text, computed once.
  return { bigram, char: characters(norm), word: words(norm), title: titleNorm === norm ? bigram : bigrams(titleNorm) };
}
