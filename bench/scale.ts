/**
 * `npm run bench:scale`: answer quality at scale. The CMRC development set's
 * paragraphs (each question's gold) among N distractor paragraphs made from
 * DRCD's sentences (real prose of another set: they hold no CMRC answer), then
 * the same:cmrc and cross:cmrc questions, lexical mode, R@1 and MRR@10 as in
 * docs/cli.md. Each query-time variant of the keyword options runs on the
 * same index, so the table shows what an option costs or gains at that size.
 *
 *   --distractors N   distractor paragraphs (default 100000)
 *
 * The index is built once under bench/out/scale-N/ and reused.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndex } from '../src/index/build.js';
import { DEFAULT_KEYWORD_OPTIONS, type KeywordIndexOptions } from '../src/index/keyword.js';
import { readGeneration, type IndexData } from '../src/index/store.js';
import { dropNearDuplicates, lexicalRank } from '../src/search/retrieve.js';
import { mulberry32 } from '../src/util/random.js';
import { loadEvalData, writeCorpus, type CorpusFile } from './datasets.js';
import { fmt, log, markdownTable, OUT_DIR } from './report.js';
import { mixedParagraph, PARAGRAPHS_PER_FILE, sentencesOf } from './synthetic.js';

const { values: args } = parseArgs({ options: { distractors: { type: 'string', default: '100000' } } });
const count = Number(args.distractors);
const root = path.join(OUT_DIR, `scale-${count}`);
const data = loadEvalData();

/** CMRC's files as they are, then `count` paragraphs of DRCD sentences, 50 to a file. */
function corpus(): CorpusFile[] {
  const pool = data.corpora.drcd.map((f) => sentencesOf(f.text)).filter((s) => s.length >= 2);
  const random = mulberry32(5);
  const files: CorpusFile[] = [...data.corpora.cmrc];
  const seen = new Set<string>();
  let paragraphs: string[] = [];
  const flush = () => {
    files.push({ file: `distractors/${String(files.length).padStart(5, '0')}.txt`, text: paragraphs.join('\n\n') });
    paragraphs = [];
  };
  while (seen.size < count) {
    const text = mixedParagraph(pool, random);
    if (seen.has(text)) continue;
    seen.add(text);
    paragraphs.push(text);
    if (paragraphs.length === PARAGRAPHS_PER_FILE) flush();
  }
  if (paragraphs.length) flush();
  return files;
}

function measure(index: IndexData, scenario: string): { r1: number; mrr: number; ms: number } {
  const questions = data.scenarios.find((s) => s.name === scenario)!.questions.filter((q) => q.query.trim());
  let r1 = 0;
  let mrr = 0;
  const start = performance.now();
  for (const q of questions) {
    const files: string[] = [];
    for (const hit of dropNearDuplicates(index, lexicalRank(index, q.query, 30), 10)) {
      const file = index.paragraphs.get(hit.id).file;
      if (!files.includes(file)) files.push(file);
    }
    const rank = files.indexOf(q.gold);
    if (rank === 0) r1++;
    if (rank >= 0) mrr += 1 / (rank + 1);
  }
  return { r1: r1 / questions.length, mrr: mrr / questions.length, ms: (performance.now() - start) / questions.length };
}

if (!existsSync(path.join(root, 'index', 'CURRENT'))) {
  log(`writing ${count.toLocaleString('en')} distractors and indexing`);
  writeCorpus(path.join(root, 'corpus'), corpus());
  await buildIndex({ corpusDir: path.join(root, 'corpus'), indexDir: path.join(root, 'index'), embedder: null });
}
const index = (await readGeneration(path.join(root, 'index')))!;
const withShare = (share: number | undefined): KeywordIndexOptions => ({
  ...DEFAULT_KEYWORD_OPTIONS,
  fields: DEFAULT_KEYWORD_OPTIONS.fields.map((f) => (f.name === 'char' ? { ...f, maxDocShare: share } : f)),
});
const variants: Array<[string, KeywordIndexOptions]> = [
  ['default', DEFAULT_KEYWORD_OPTIONS],
  ['every character scored', withShare(undefined)],
  ['characters in over 30% skipped', withShare(0.3)],
];
const rows: string[][] = [];
for (const [name, options] of variants) {
  const variant = { ...index, keyword: index.keyword.withOptions(options) };
  for (const scenario of ['same:cmrc', 'cross:cmrc']) {
    const m = measure(variant, scenario);
    rows.push([name, scenario, fmt(m.r1, 3), fmt(m.mrr, 4), fmt(m.ms, 2)]);
  }
}
process.stdout.write(
  `${index.paragraphs.length.toLocaleString('en')} paragraphs (CMRC's ${data.corpora.cmrc.length} files + ${count.toLocaleString('en')} distractors), lexical:\n\n` +
    `${markdownTable(['keyword options', 'scenario', 'R@1', 'MRR@10', 'ms/question'], rows)}\n`,
);
