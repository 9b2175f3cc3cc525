/**
 * Synthetic corpora for the speed and scale benchmark, made from the
 * development sets' own text so token statistics stay those of real Chinese
 * prose: each paragraph is a run of 1–3 consecutive sentences of one context
 * followed by one sentence of another context of the same set (so paragraphs
 * are distinct, and no two share a vector). A file holds 50 paragraphs of one
 * set (one script), separated by blank lines. Deterministic for a seed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { EVAL_DIR, loadEvalData, writeCorpus, type CorpusFile } from './datasets.js';
import { writeJson } from './report.js';
import { mulberry32 } from '../src/util/random.js';

export const PARAGRAPHS_PER_FILE = 50;

/** Sentence ends: Chinese full stops, question and exclamation marks, semicolons (kept with the sentence). */
const SENTENCE = /[^。！？!?；]+[。！？!?；]*/gu;


export function sentencesOf(text: string): string[] {
  return (text.match(SENTENCE) ?? []).map((s) => s.trim()).filter((s) => s.length >= 4);
}

/** Per dev set, its contexts as sentence lists (contexts with fewer than two sentences are dropped). */
function sentencePools(evalDir: string): string[][][] {
  const { corpora } = loadEvalData(evalDir);
  return [corpora.cmrc, corpora.drcd].map((files) => files.map((f) => sentencesOf(f.text)).filter((s) => s.length >= 2));
}

/** 1–3 consecutive sentences of one context of `pool`, then one sentence of another. */
export function mixedParagraph(pool: string[][], random: () => number): string {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const context = pick(pool);
  const length = 1 + Math.floor(random() * 3);
  const start = Math.floor(random() * Math.max(1, context.length - length + 1));
  return [...context.slice(start, start + length), pick(pick(pool))].join('');
}

/** `count` distinct paragraphs in files of PARAGRAPHS_PER_FILE, named `syn/00001.txt`, …; sets chosen in proportion to their size. */
export function syntheticCorpus(count: number, seed = 1, evalDir = EVAL_DIR): CorpusFile[] {
  const pools = sentencePools(evalDir);
  const random = mulberry32(seed);
  const weights = pools.map((p) => p.length);
  const total = weights.reduce((a, b) => a + b, 0);
  const seen = new Set<string>();
  const files: CorpusFile[] = [];
  for (let made = 0; made < count; ) {
    const pool = random() * total < weights[0]! ? pools[0]! : pools[1]!;
    const paras: string[] = [];
    while (paras.length < PARAGRAPHS_PER_FILE && made < count) {
      const text = mixedParagraph(pool, random);
      if (seen.has(text)) continue;
      seen.add(text);
      paras.push(text);
      made++;
    }
    files.push({ file: `syn/${String(files.length + 1).padStart(5, '0')}.txt`, text: paras.join('\n\n') });
  }
  return files;
}

/**
 * The corpus after an edit of 1% of it: every 100th file gets all new
 * paragraphs (another seed), so 1% of files and of paragraphs change.
 */
export function changedCorpus(files: CorpusFile[], seed = 2, evalDir = EVAL_DIR): CorpusFile[] {
  const changedFiles = files.filter((_, i) => i % 100 === 0).length;
  const fresh = syntheticCorpus(changedFiles * PARAGRAPHS_PER_FILE, seed, evalDir);
  let next = 0;
  return files.map((f, i) => (i % 100 === 0 ? { file: f.file, text: fresh[next++]!.text } : f));
}

/** Writes the corpus to `dir` unless the same one is already there (a stamp `dir.json` records count and seed). */
export function ensureCorpus(dir: string, count: number, seed = 1): CorpusFile[] {
  const stamp = `${dir}.json`;
  const files = syntheticCorpus(count, seed);
  const wanted = { count, seed, files: files.length };
  const written = existsSync(stamp) ? (JSON.parse(readFileSync(stamp, 'utf8')) as typeof wanted) : null;
  if (written?.count !== count || written.seed !== seed || written.files !== files.length) {
    writeCorpus(dir, files);
    writeJson(stamp, wanted);
  }
  return files;
}
