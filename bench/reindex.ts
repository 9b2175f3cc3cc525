/**
 * Wall and CPU time of re-indexing a bench index (after `npm run bench`, a
 * folder bench/out/bench/ours-<index>-<count> with `corpus/` and `index/`):
 * a copy of it is re-indexed unchanged, after rewriting one sentence in 1% of
 * the files (most of their paragraphs keep their text, so their vectors are
 * copied, not embedded), and after another 1% with every segment merged.
 * CPU is this process's (user + system), so runs on a busy machine compare.
 *
 *   npx tsx bench/reindex.ts bench/out/bench/ours-lexical-100000
 *   npx tsx bench/reindex.ts bench/out/bench/ours-hybrid-random-100000 --random
 */
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { updateIndex, type MergePolicy } from '../src/index/build.js';
import { words } from '../src/text/segment.js';
import { randomEmbedder } from './random-embedder.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { random: { type: 'boolean', default: false } } });
const source = positionals[0];
if (!source) {
  process.stderr.write('usage: npx tsx bench/reindex.ts BENCH_INDEX_FOLDER [--random]\n');
  process.exit(2);
}
const work = path.join('bench/out/reindex', path.basename(source));
rmSync(work, { recursive: true, force: true });
cpSync(source, work, { recursive: true });
const corpusDir = path.join(work, 'corpus');
const indexDir = path.join(work, 'index');
const list = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(path.join(d, f)).isDirectory() ? list(path.join(d, f)) : [path.join(d, f)]));
const files = list(corpusDir).sort();
const embedder = values.random ? randomEmbedder(384) : null;
// jieba's dictionary is loaded before timing, as in a process that has indexed or answered before.
words('湖南省委书记沈晓明到衡阳调研');

function rewrite(offset: number, tag: string): void {
  for (let i = offset; i < files.length; i += 100) writeFileSync(files[i]!, readFileSync(files[i]!, 'utf8').replace(/。/u, `。${tag}。`));
}

async function timed(label: string, mergePolicy?: MergePolicy): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { result } = await updateIndex({ corpusDir, indexDir, embedder, mergePolicy });
  const used = process.cpuUsage(cpu);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  console.log(
    `${label}: wall ${s(performance.now() - start)} s, CPU ${s((used.user + used.system) / 1000)} s, ` +
      `${result.embedded} embedded, ${result.paragraphs} paragraphs, load ${loadavg()[0]!.toFixed(1)}`,
  );
}

// The copy's corpus folder has moved, so this first run writes a commit (no segment) recording it.
await timed('unchanged');
rewrite(37, '修改一');
await timed('1% of files re-index');
rewrite(77, '修改二');
await timed('1% of files re-index + merge', { maxSegments: 1, maxDeletedShare: 0 });
