/**
 * `npx tsx bench/credits.ts`: which development-set questions the credit rule
 * (src/search/credits.ts) takes for questions asking who wrote or photographed a
 * report, and what `ask` (keyword mode) then does with them. The dev sets are
 * encyclopaedic (CMRC 2018 trial, DRCD dev): a question that fires here asks for a
 * book's author, which no by-line gives, so `ask` must answer it from the text as
 * it would any question (`credit` absent), not say that a report is unsigned.
 */
import path from 'node:path';
import { readConfig } from '../src/config.js';
import { creditQuestion } from '../src/search/credits.js';
import { openEngine } from '../src/search/engine.js';
import { loadEvalData, writeCorpus, type CorpusName } from './datasets.js';
import { OUT_DIR, log } from './report.js';

const WORK_DIR = path.join(OUT_DIR, 'credits');
const data = loadEvalData();
const scenarios = data.scenarios.filter((x) => !x.name.startsWith('mixed:'));
const fired = scenarios.map((s) => ({ s, questions: s.questions.filter((q) => creditQuestion(q.query)) }));
for (const corpus of [...new Set(scenarios.map((s) => s.corpus))] as CorpusName[]) {
  const mine = fired.filter((f) => f.s.corpus === corpus);
  if (!mine.some((f) => f.questions.length)) continue;
  const dir = path.join(WORK_DIR, `corpus-${corpus}`);
  writeCorpus(dir, data.corpora[corpus]);
  log(`indexing ${corpus} (${data.corpora[corpus].length} files)`);
  const engine = await openEngine(readConfig({ CORPUS_DIR: dir, INDEX_DIR: path.join(WORK_DIR, `index-${corpus}`), EMBEDDINGS: 'none' }, WORK_DIR));
  for (const { s, questions } of mine) {
    const rows: string[] = [];
    let byCredit = 0;
    let goldFirst = 0;
    for (const q of questions) {
      const c = creditQuestion(q.query)!;
      const a = await engine.ask(q.query, { top: 3 });
      if (a.credit) byCredit++;
      if (a.passages[0]?.file === q.gold) goldFirst++;
      const how = a.credit ? `credit: ${a.credit.outcome}` : `from the text, ${a.answered ? 'answered' : 'not answered'}`;
      rows.push(`  ${q.id} ${q.query} → ${c.kind}${c.report ? ' (a report)' : ''}, subject “${c.subject}”; ${how}; gold passage first: ${a.passages[0]?.file === q.gold}`);
    }
    process.stdout.write(
      `${s.name}: ${questions.length} of ${s.questions.length} questions worded as credit questions; ${byCredit} answered from credits, ${questions.length - byCredit} from the text (gold first for ${goldFirst})\n${rows.join('\n')}\n`,
    );
  }
  await engine.close();
}
