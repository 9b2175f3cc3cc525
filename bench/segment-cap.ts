/**
 * `npx tsx bench/segment-cap.ts --paragraphs N [--cap C] [--model random:384] [--join K | --corpus DIR]`:
 * a full build of the synthetic bench corpus (bench/synthetic.ts, the corpus
 * `npm run bench` uses), of it with every K of a file's paragraphs joined
 * into one (longer paragraphs, same text), or of the folder DIR, with a segment size cap (MergePolicy
 * .maxSegmentParagraphs; default the build's own, MAX_SEGMENT_PARAGRAPHS),
 * into bench/out/segment-cap/N-C. Prints build wall and CPU time, peak RSS,
 * the segments, the largest file of each kind, and each kind's total size per
 * byte of the corpus files (what bounds a segment's files). The query side is measured
 * by the bench's serve job on the folder it prints:
 *
 *   node --expose-gc --import tsx bench/measure.ts '{"kind":"ours-serve","indexDir":…,"corpusDir":…,"model":null,"queries":500}'
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MERGE_POLICY, MAX_SEGMENT_PARAGRAPHS, updateIndex } from '../src/index/build.js';
import { readCurrentManifest } from '../src/index/store.js';
import { randomDimensions, randomEmbedder } from './random-embedder.js';
import { OUT_DIR } from './report.js';
import { ensureCorpus } from './synthetic.js';

const { values: args } = parseArgs({ options: { paragraphs: { type: 'string', default: '100000' }, cap: { type: 'string' }, model: { type: 'string' }, corpus: { type: 'string' }, join: { type: 'string' } } });
const count = Number(args.paragraphs);
const cap = args.cap ? Number(args.cap) : MAX_SEGMENT_PARAGRAPHS;
const benchCorpus = path.join(OUT_DIR, 'bench', `corpus-${count}`);
const join = Number(args.join ?? 1);
const corpusDir = args.corpus ? path.resolve(args.corpus) : join > 1 ? `${benchCorpus}-join${join}` : benchCorpus;
// Generated once (its stamp names count and seed): generating it again in this process would count in the build's peak RSS.
if (!args.corpus && !existsSync(`${benchCorpus}.json`)) ensureCorpus(benchCorpus, count);
if (join > 1 && !existsSync(corpusDir)) {
  for (const e of readdirSync(benchCorpus, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())) {
    const from = path.join(e.parentPath, e.name);
    const paragraphs = readFileSync(from, 'utf8').trim().split(/\n\n+/);
    const joined = Array.from({ length: Math.ceil(paragraphs.length / join) }, (_, k) => paragraphs.slice(k * join, (k + 1) * join).join(''));
    const to = path.join(corpusDir, path.relative(benchCorpus, from));
    mkdirSync(path.dirname(to), { recursive: true });
    writeFileSync(to, `${joined.join('\n\n')}\n`);
  }
}
const corpusBytes = readdirSync(corpusDir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .reduce((n, e) => n + statSync(path.join(e.parentPath, e.name)).size, 0);
const name = path.basename(corpusDir).replace(/^corpus-/, '');
const indexDir = path.join(OUT_DIR, 'segment-cap', `${name}-${cap}${args.model ? `-${args.model.replace(/\W/g, '')}` : ''}`);
rmSync(indexDir, { recursive: true, force: true });
const dimensions = randomDimensions(args.model ?? null);
const embedder = dimensions ? randomEmbedder(dimensions) : null;

const load = loadavg()[0]!;
const wall = performance.now();
const cpu = process.cpuUsage();
const { result } = await updateIndex({ corpusDir, indexDir, embedder, full: true, mergePolicy: { ...DEFAULT_MERGE_POLICY, maxSegmentParagraphs: cap } });
const used = process.cpuUsage(cpu);
const manifest = (await readCurrentManifest(indexDir))!;
const largest: Record<string, number> = {};
const totals: Record<string, number> = {};
for (const [file, size] of Object.entries(manifest.sizes)) {
  const kind = path.basename(file);
  largest[kind] = Math.max(largest[kind] ?? 0, size);
  totals[kind] = (totals[kind] ?? 0) + size;
}
console.log(
  JSON.stringify({
    paragraphs: result.paragraphs,
    cap,
    segments: manifest.segments.map((s) => s.paragraphs),
    buildWallS: +((performance.now() - wall) / 1000).toFixed(1),
    buildCpuS: +((used.user + used.system) / 1e6).toFixed(1),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    largestFileMiB: Object.fromEntries(Object.entries(largest).map(([k, v]) => [k, +(v / 2 ** 20).toFixed(1)])),
    corpusMiB: +(corpusBytes / 2 ** 20).toFixed(1),
    bytesPerCorpusByte: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, +(v / corpusBytes).toFixed(3)])),
    loadBefore: +load.toFixed(2),
    loadAfter: +loadavg()[0]!.toFixed(2),
    indexDir,
    corpusDir,
  }),
);
