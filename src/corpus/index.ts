/**
 * The corpus stage: from a folder of scraped files to `CorpusDocument`s.
 *
 *   read (files, hashes) → decode (encoding) → front matter → articles
 *   (cleaning, titles, metadata, paragraphs) → dates and people per paragraph.
 */
import { splitArticles } from './articles.js';
import { extractDateMentions, inheritYear } from './dates.js';
import { decodeText } from './encoding.js';
import { splitFrontMatter } from './frontmatter.js';
import { mentionPeople } from './people.js';
import { sha256 } from '../util/hash.js';
import { documentScript } from './script.js';
import type { Article, CorpusDocument, CorpusWarning } from './types.js';

export { readCorpusFiles, MAX_FILE_BYTES, type CorpusFile, type ReadOptions } from './read.js';

/**
 * Parses one file's bytes. Pure: the same bytes give the same document. The
 * document is null (with a warning saying why) when the file is binary, cannot
 * be decoded, or leaves no paragraph to quote.
 */
export function parseDocument(file: string, bytes: Uint8Array): { document: CorpusDocument | null; warnings: CorpusWarning[] } {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    return { document: null, warnings: [{ file, id: `corpus.${decoded.problem}`, message: `Skipped ${file}: ${decoded.detail}.` }] };
  }
  const warnings: CorpusWarning[] = [];
  if (decoded.dropped) {
    warnings.push({ file, id: 'corpus.stray_bytes', message: `${file}: ${decoded.dropped} stray byte(s) that are not UTF-8 were left out; the rest of the file is indexed.` });
  }
  const { meta, body, problems } = splitFrontMatter(decoded.text);
  for (const problem of problems) warnings.push({ file, id: 'corpus.front_matter', message: `${file}: ${problem}.` });

  const drafts = splitArticles(body, meta);
  const texts = drafts.flatMap((a) => a.paragraphs);
  if (texts.length === 0) {
    warnings.push({ file, id: 'corpus.no_passages', message: `Skipped ${file}: nothing is left to quote once page furniture is removed.` });
    return { document: null, warnings };
  }

  // People are read across the whole file: a name introduced in one paragraph is recognised bare in the others.
  const people = mentionPeople(texts);
  let index = 0;
  const articles: Article[] = drafts.map(({ paragraphs, ...article }) => ({
    ...article,
    paragraphs: paragraphs.map((text) => {
      const i = index++;
      return {
        index: i,
        text,
        dates: extractDateMentions(text).map((m) => inheritYear(m, article.date)),
        people: people[i]!,
      };
    }),
  }));

  const script = documentScript([...drafts.map((a) => a.title), ...texts].join('\n'));
  return { document: { file, hash: sha256(bytes), encoding: decoded.encoding, script, articles }, warnings };
}
