/**
 * The index minus one file, as a re-index that deleted it would leave it:
 * its paragraphs go to a deletion list (segments.ts), so search, document
 * frequencies and average lengths are those of the remaining paragraphs. The
 * abstention bench asks each question of this view to make it unanswerable:
 * leaving the gold file out of the ranking only would keep its words in the
 * statistics, where a word only it holds still counts as a known word, while
 * a reader's question about what the corpus never says meets unknown words.
 *
 * One difference from a full build without the file: the user dictionary (the
 * names of people) stays the index's, so the other paragraphs keep their
 * tokens (a name only the deleted file mentions would otherwise stop being one word).
 */
import { dictionaryOf, titleNormOf, tokensFor } from '../src/index/fields.js';
import { assemble, documentSpan, extendDeletionList, type DeletedParagraph, type LivePart } from '../src/index/segments.js';
import type { IndexData } from '../src/index/store.js';
import { normalizeForMatch } from '../src/text/normalize.js';

export function withoutFile(data: IndexData, file: string): IndexData {
  if (data.vectors) throw new Error('withoutFile: keyword-only indexes (the view drops the dense side)');
  const dictionary = dictionaryOf(data);
  let found = false;
  const parts: LivePart[] = data.parts.map((part) => {
    const deleted: DeletedParagraph[] = [];
    for (const doc of part.segment.documents) {
      if (doc.file !== file) continue;
      const { first, count } = documentSpan(doc);
      for (let id = first; id < first + count; id++) {
        if (part.deletions?.ids.includes(id)) continue;
        const p = part.segment.paragraphs.get(id);
        deleted.push({ id, names: new Set(p.people.map((x) => normalizeForMatch(x.name))), tokens: tokensFor(p.norm, titleNormOf(doc, p.article), dictionary) });
      }
    }
    if (!deleted.length) return part;
    found = true;
    return { segment: part.segment, deletions: extendDeletionList(part.deletions, deleted) };
  });
  if (!found) throw new Error(`withoutFile: ${file} is not in the index`);
  return { ...data, ...assemble(parts, null), parts };
}
