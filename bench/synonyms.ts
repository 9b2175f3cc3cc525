/**
 * `npx tsx bench/synonyms.ts`: would a Chinese synonym list help keyword
 * retrieval bridge a reader's wording to the article's (issue 8 item 6)?
 *
 * The only Chinese synonym list the npm registry holds is the `synonym.txt`
 * of `segment` 0.1.3 (node-segment, MIT, last published 2013: 4,282 word
 * pairs such as 揭穿,戳穿). The script fetches that package with `npm pack`
 * into bench/out/synonyms (nothing is added to the project's dependencies),
 * then measures lexical R@1 / R@5 on the development sets three ways:
 *
 * - `none`: the question as asked (the engine's own retrieval);
 * - `all`: every jieba word of the question that has synonyms gets them appended;
 * - `unseen`: only a word the corpus never holds (the reader's wording, not
 *   the article's) gets its synonyms appended.
 *
 *   --subset N   questions per scenario (evenly spread), for quick runs
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndex } from '../src/index/build.js';
import { dictionaryOf } from '../src/index/fields.js';
import { readGeneration, type IndexData } from '../src/index/store.js';
import { labelMap, queryKey, retrieve } from '../src/search/retrieve.js';
import { words } from '../src/text/segment.js';
import { normalizeForMatch } from '../src/text/normalize.js';
import { loadEvalData, sample, writeCorpus, type CorpusName } from './datasets.js';
import { goldRank, quality } from './metrics.js';
import { OUT_DIR, describeMachine, fmt, log, machineInfo, markdownTable } from './report.js';

const PACKAGE = 'segment@0.1.3';
const WORK_DIR = path.join(OUT_DIR, 'synonyms');
const TOP = 10;

const { values: args } = parseArgs({ options: { subset: { type: 'string' } } });

/** The package's `dicts/synonym.txt` (`word,synonym` per line), fetched once from the registry. */
function synonymList(): Map<string, string[]> {
  const file = path.join(WORK_DIR, 'package/dicts/synonym.txt');
  if (!existsSync(file)) {
    mkdirSync(WORK_DIR, { recursive: true });
    const tarball = execFileSync('npm', ['pack', PACKAGE, '--pack-destination', WORK_DIR, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop()!;
    execFileSync('tar', ['xzf', path.join(WORK_DIR, tarball), '-C', WORK_DIR, 'package/dicts/synonym.txt', 'package/MIT-License']);
  }
  const map = new Map<string, Set<string>>();
  const add = (a: string, b: string) => (map.get(a) ?? map.set(a, new Set()).get(a)!).add(b);
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const [a, b] = line.split(',').map((w) => normalizeForMatch(w?.trim() ?? ''));
    if (!a || !b || a === b) continue;
    add(a, b);
    add(b, a);
  }
  return new Map([...map].map(([k, v]) => [k, [...v]]));
}

type Way = 'none' | 'all' | 'unseen';
const WAYS: Way[] = ['none', 'all', 'unseen'];

/** The question with the synonyms of its words appended, as `way` says; null when nothing is added. */
function expand(data: IndexData, synonyms: Map<string, string[]>, question: string, way: Way): string | null {
  if (way === 'none') return null;
  const norm = queryKey(question);
  const added = words(norm, dictionaryOf(data))
    .filter((w) => synonyms.has(w) && (way === 'all' || data.keyword.idf('word', w) === 0))
    .flatMap((w) => synonyms.get(w)!);
  return added.length ? `${question} ${added.join(' ')}` : null;
}

async function main(): Promise<void> {
  const synonyms = synonymList();
  log(`${PACKAGE} synonym.txt: ${synonyms.size} words with synonyms`);
  const data = loadEvalData();
  const subset = args.subset === undefined ? undefined : Number(args.subset);
  const rows: string[][] = [];
  for (const corpus of ['cmrc', 'drcd', 'mixed'] as CorpusName[]) {
    const dir = path.join(WORK_DIR, `corpus-${corpus}`);
    const indexDir = path.join(WORK_DIR, `index-${corpus}`);
    writeCorpus(dir, data.corpora[corpus]);
    log(`indexing ${corpus}`);
    await buildIndex({ corpusDir: dir, indexDir, embedder: null, full: true });
    const index = (await readGeneration(indexDir))!;
    const labels = labelMap(index);
    for (const s of data.scenarios.filter((x) => x.corpus === corpus && !x.name.startsWith('mixed:'))) {
      const questions = sample(s.questions, subset);
      for (const way of WAYS) {
        const ranks: Array<number | null> = [];
        let fired = 0;
        for (const q of questions) {
          const expanded = expand(index, synonyms, q.query, way);
          if (expanded) fired++;
          const ranked = await retrieve(index, labels, null, expanded ?? q.query, { mode: 'lexical', top: TOP });
          ranks.push(goldRank(ranked.map((r) => index.paragraphs.file(r.id)), q.gold));
        }
        const m = quality(ranks);
        rows.push([s.name, way, String(questions.length), String(fired), fmt(m.recall1, 3), fmt(m.recall5, 3), fmt(m.mrr10, 3)]);
        log(`  ${s.name} ${way}: R@1 ${fmt(m.recall1, 3)} (${fired} expanded)`);
      }
    }
  }
  process.stdout.write(
    `${markdownTable(['scenario', 'synonyms appended', 'n', 'questions changed', 'R@1', 'R@5', 'MRR@10'], rows)}\n\n- ${PACKAGE} dicts/synonym.txt, ${synonyms.size} words; keyword mode, top ${TOP}.\n- Machine: ${describeMachine(machineInfo())}.\n`,
  );
}

await main();
