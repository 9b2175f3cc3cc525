import type { StoredParagraph } from '../types.js';
import { normalizeForMatch } from '../text/normalize.js';
import { bigrams, characters, UserDictionary, words } from '../text/segment.js';
import type { FieldTokens } from './keyword.js';
import type { DocumentRecord, SegmentedParagraphs } from './segments.js';
import type { IndexData } from './store.js';

/**
 * The keyword index's fields of a normalised paragraph (or query) and its
 * article's title; `dictionary` is the index's user words (see `userDictionary`).
 */
export function tokensFor(norm: string, titleNorm: string, dictionary: UserDictionary): FieldTokens {
  const bigram = bigrams(norm);
  // A query is matched against titles with its own bigrams: same text, computed once.
  return { bigram, char: characters(norm), word: words(norm, dictionary), title: titleNorm === norm ? bigram : bigrams(titleNorm) };
}

/** The title's matching text an article's paragraphs are indexed with: none for a title made from the lead, which would only count the lead's words twice. */
export function titleNormOf(doc: DocumentRecord, article: number): string {
  const a = doc.articles[article]!;
  return a.titleInferred ? '' : normalizeForMatch(a.title);
}

/**
 * The user words of an index: the names of the people its paragraphs mention,
 * in matching form. A function of the paragraphs only, so the same corpus
 * gives the same segmentation however it was built, and queries are segmented
 * as the index was.
 */
export function userDictionary(paragraphs: Iterable<Pick<StoredParagraph, 'people'>>): UserDictionary {
  const names = new Set<string>();
  for (const p of paragraphs) for (const person of p.people) names.add(normalizeForMatch(person.name));
  return new UserDictionary(names);
}

const dictionaries = new WeakMap<IndexData, UserDictionary>();

/** `userDictionary` of a loaded index, computed once per generation (generations are not changed once built). */
export function dictionaryOf(data: IndexData): UserDictionary {
  let d = dictionaries.get(data);
  if (!d) dictionaries.set(data, (d = userDictionary(peopleOf(data.paragraphs))));
  return d;
}

/** The people lists of the paragraphs that mention anyone, read without building whole records. */
function* peopleOf(store: SegmentedParagraphs): Iterable<Pick<StoredParagraph, 'people'>> {
  for (let id = 0; id < store.length; id++) if (store.hasMentions(id)) yield { people: store.people(id) };
}
