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
import { mentionPeople, parsePhotoCredit } from './people.js';
import { sha256 } from '../util/hash.js';
import { documentScript, toSimplified } from './script.js';
import type { Article, CorpusDocument, CorpusWarning, PersonMention } from './types.js';

export { bytesOf, readCorpusFiles, MAX_FILE_BYTES, type CorpusFile, type FileStamp, type ReadOptions } from './read.js';

/**
 * Names how files become articles and paragraphs. Changed whenever the parser
 * would cut, join or clean an unchanged file differently, so that an index
 * re-parses every file instead of keeping paragraphs an older parser made.
 */
export const PARSING_ID = 'articles+captions+bylines+footer-credits+inferred-outlet;join=cut-words;fences';

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
  const texts = drafts.flatMap((a) => a.paragraphs.map((p) => p.text));
  if (texts.length === 0) {
    warnings.push({ file, id: 'corpus.no_passages', message: `Skipped ${file}: nothing is left to quote once page furniture is removed.` });
    return { document: null, warnings };
  }

  // People are read across the whole file: a name introduced in one paragraph is recognised bare in the others.
  const people = mentionPeople(texts);
  let index = 0;
  const articles: Article[] = drafts.map(({ paragraphs, ...article }) => ({
    ...article,
    paragraphs: paragraphs.map((p) => {
      const i = index++;
      return {
        index: i,
        ...(p.kind === 'text' ? {} : { kind: p.kind }),
        text: p.text,
        dates: extractDateMentions(p.text).map((m) => inheritYear(m, article.date)),
        people: withCredits(people[i]!, p.credits ?? [], p.kind === 'text' ? [] : (parsePhotoCredit(p.text)?.photographers ?? [])),
      };
    }),
  }));

  const script = documentScript([...drafts.map((a) => a.title), ...texts].join('\n'));
  return { document: { file, hash: sha256(bytes), encoding: decoded.encoding, script, articles }, warnings };
}

/** By-line and photo credits as people with their role (`全媒体记者`, `摄影`), beside those the text introduces. */
function withCredits(found: PersonMention[], credits: Array<{ name: string; role: string }>, photographers: string[]): PersonMention[] {
  const out = found.map((m) => ({ ...m, roles: [...m.roles] }));
  for (const { name, role } of [...credits, ...photographers.map((name) => ({ name, role: '摄影' }))]) {
    const key = toSimplified(name);
    const known = out.find((m) => m.key === key);
    if (known) {
      // `湖南日报全媒体记者` read from the text already says `全媒体记者`.
      if (!known.roles.some((r) => r.endsWith(role))) known.roles.push(role);
    } else out.push({ name, key, roles: [role] });
  }
  return out;
}
