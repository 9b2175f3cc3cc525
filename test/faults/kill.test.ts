/**
 * kill -9 of the command line's `index` at moments spread over a build (parse,
 * postings, write, switch): a full build, an update that writes a segment and
 * a deletion list, and an update that merges segments; then, with a segment
 * size cap that splits the small corpus, a full build and a merge that each
 * write several segments (capped-index.ts), killed also as each new folder
 * appears in the index folder (a segment begun, a segment whole, the commit,
 * the pointer aside). Afterwards the index
 * answers either exactly as before or exactly as the finished build would,
 * never "damaged"; the next build takes over the dead writer's lock and
 * removes what it left (`.partial` folders, unreferenced segments and deletion
 * lists). With a tmpfs that fills up (as root, where mount works). Runs under `npm run faults`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { buildIndex, DEFAULT_MERGE_POLICY } from '../../src/index/build.js';
import { LOCK_FILE } from '../../src/index/lock.js';
import { readGeneration } from '../../src/index/store.js';
import { Engine } from '../../src/search/engine.js';
import { silentLogger } from '../../src/util/log.js';
import { writeSyntheticCorpus } from './synthetic.js';

const FULL = process.env.FAULTS === 'full';
const KILLS = 16;
/** Kills per segment scenario (update, merge). */
const SEGMENT_KILLS = 10;
/** Paragraphs per segment in the capped scenarios: the 2,000 of the synthetic corpus make 5 or 6 segments. */
const CAP = 400;
const QUESTIONS = ['省委书记沈晓明到衡阳调研', '湘江流域治理新进展', '毛伟明强调'];
const EXTRA = '# 湘江治理\n\n湘江流域治理新进展：沿岸十三个县市完成生态修复，群众受益。\n';

let work: string;
let corpusDir: string;
let before: string;
let after: string;
const cli = path.resolve('src/cli/main.ts');
const cappedIndex = path.resolve('test/faults/capped-index.ts');

async function answers(indexDir: string): Promise<string> {
  const data = await readGeneration(indexDir);
  const engine = new Engine(data!, readConfig({ EMBEDDINGS: 'none', INDEX_DIR: indexDir }, work), null, silentLogger);
  return JSON.stringify(await Promise.all(QUESTIONS.map((q) => engine.search(q, { top: 5 }).then((h) => h.map((x) => [x.file, x.paragraph, x.score])))));
}

/**
 * When to kill: `ms` after the start, or as the `entry`-th new name appears in the index folder (each segment's
 * `.partial` folder, the segment renamed whole, the commit's `.partial` and folder, the pointer file aside), so a
 * kill lands between or during the writes of a build of several segments whatever the machine's speed.
 */
type Moment = { ms: number } | { entry: number };

/**
 * Runs `index` (`--full` when asked) in a child process and kills it with SIGKILL at `moment` (or lets it finish when it is faster);
 * with a `cap`, the same build with segments of at most `cap` paragraphs.
 */
function killedBuild(indexDir: string, moment: Moment, corpus = corpusDir, full = true, cap?: number): Promise<{ killed: boolean }> {
  const args = cap
    ? [cappedIndex, corpus, indexDir, String(cap), full ? 'full' : 'update']
    : [cli, 'index', '--corpus', corpus, '--index', indexDir, ...(full ? ['--full'] : []), '--mode', 'lexical'];
  const before = new Set(readdirSync(indexDir));
  const seen = new Set<string>();
  const watcher =
    'entry' in moment
      ? watch(indexDir, (_event, name) => {
          for (const e of [...(name ? [name] : []), ...readdirSync(indexDir)]) if (!before.has(e)) seen.add(e);
          if (seen.size >= moment.entry) child.kill('SIGKILL');
        })
      : null;
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: 'ignore', env: { ...process.env, EMBEDDINGS: 'none' } });
  const timer = setTimeout(() => child.kill('SIGKILL'), 'ms' in moment ? moment.ms : 600_000);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      watcher?.close();
      resolve({ killed: signal === 'SIGKILL' || code !== 0 });
    }),
  );
}

/**
 * `segmentsLeft`: trials whose kill left the previous commit in force and complete new segments it does not reference
 * (killed between segment writes or before the switch); `mostLeft`: the most one such kill left.
 */
const tally = { trials: 0, killed: 0, previous: 0, next: 0, damaged: 0, segmentsLeft: 0, mostLeft: 0 };

const policyOf = (cap?: number) => (cap ? { mergePolicy: { ...DEFAULT_MERGE_POLICY, maxSegmentParagraphs: cap } } : {});

/** Complete segment folders the current commit does not reference. */
async function unreferencedSegments(indexDir: string): Promise<number> {
  const { manifest } = (await readGeneration(indexDir))!;
  const inUse = new Set(manifest.segments.map((s) => s.name));
  return readdirSync(indexDir).filter((e) => e.startsWith('seg-') && !e.endsWith('.partial') && !inUse.has(e)).length;
}

interface Scenario {
  corpus: string;
  /** The index before the build that is killed. */
  pristine: string;
  full: boolean;
  before: string;
  after: string;
  /** Kills spread over the whole run and its last fifth (writing and switch). */
  kills: number;
  /** Kills as the 1st, 2nd, … up to this many new names appear in the index folder (`Moment`). */
  entries?: number;
  /** Segment size cap of the killed build and the next one (default: the build's own). */
  cap?: number;
}

/** Kills of one build at moments spread over it, each on a fresh copy of the pristine index; then the next build finishes the job. */
async function killTrials(name: string, s: Scenario): Promise<void> {
  // How long an uninterrupted run takes, start-up included: the kills are spread over it.
  const timed = path.join(work, `${name}-timed`);
  cpSync(s.pristine, timed, { recursive: true });
  const t = performance.now();
  await killedBuild(timed, { ms: 600_000 }, s.corpus, s.full, s.cap);
  const total = performance.now() - t;
  expect(await answers(timed)).toBe(s.after);
  // Half spread over the whole run, half over its last fifth, where the files are written and switched.
  const half = s.kills / 2;
  const moments: Moment[] = Array.from({ length: s.kills }, (_, k) => ({ ms: total * (k < half ? (k + 1) / (half + 1) : 0.8 + (0.2 * (k + 1 - half)) / (half + 1)) }));
  for (let n = 1; n <= (s.entries ?? 0); n++) moments.push({ entry: n });
  let mostLeft = 0;
  for (const [i, moment] of moments.entries()) {
    const indexDir = path.join(work, `${name}-trial-${i}`);
    cpSync(s.pristine, indexDir, { recursive: true });
    const { killed } = await killedBuild(indexDir, moment, s.corpus, s.full, s.cap);
    tally.trials++;
    if (killed) tally.killed++;
    let got: string;
    try {
      got = await answers(indexDir);
    } catch (e) {
      tally.damaged++;
      throw e;
    }
    expect([s.before, s.after]).toContain(got);
    if (got === s.before) tally.previous++;
    else tally.next++;
    // After the switch the old segments are the unreferenced ones: only kills that left the previous commit count.
    const left = got === s.before ? await unreferencedSegments(indexDir) : 0;
    if (left) tally.segmentsLeft++;
    mostLeft = Math.max(mostLeft, left);
    tally.mostLeft = Math.max(tally.mostLeft, left);
    // The next run finishes the job: the dead writer's lock and leftovers are cleared.
    await buildIndex({ corpusDir: s.corpus, indexDir, embedder: null, full: s.full, ...policyOf(s.cap) });
    expect(await answers(indexDir)).toBe(s.after);
    expect(readdirSync(indexDir).filter((e) => e.endsWith('.partial') || e.startsWith('CURRENT.tmp'))).toEqual([]);
    expect(existsSync(path.join(indexDir, LOCK_FILE))).toBe(false);
    const { manifest } = (await readGeneration(indexDir))!;
    // Only what the commit in force uses is left: its segments, and in them its files and deletion lists.
    const inFolders = readdirSync(indexDir).filter((e) => e.startsWith('seg-')).flatMap((seg) => readdirSync(path.join(indexDir, seg)).map((f) => `${seg}/${f}`));
    expect(inFolders.sort()).toEqual(Object.keys(manifest.sizes).sort());
    rmSync(indexDir, { recursive: true, force: true });
  }
  // Kills as the folder fills in land with several of the new segments written, none committed.
  if (s.entries) expect(mostLeft).toBeGreaterThanOrEqual(2);
}

/** A copy of the synthetic corpus and its index, built in steps: `steps` each change one more file (a segment each); segments of at most `cap` paragraphs. */
async function segmentedSetup(name: string, steps: number, cap?: number): Promise<{ corpus: string; pristine: string }> {
  const corpus = path.join(work, `${name}-corpus`);
  const pristine = path.join(work, `${name}-pristine`);
  cpSync(corpusDir, corpus, { recursive: true });
  rmSync(path.join(corpus, 'zz-extra.txt'), { force: true });
  await buildIndex({ corpusDir: corpus, indexDir: pristine, embedder: null, ...policyOf(cap) });
  for (let k = 0; k < steps; k++) {
    changeFile(corpus, 10 + k);
    await buildIndex({ corpusDir: corpus, indexDir: pristine, embedder: null, ...policyOf(cap) });
  }
  return { corpus, pristine };
}

/** Rewrites one paragraph of synthetic file `n`. */
function changeFile(corpus: string, n: number): void {
  const file = path.join(corpus, `${String(n).padStart(4, '0')}.txt`);
  writeFileSync(file, readFileSync(file, 'utf8').replace(`（第${n}篇第1段）`, `（第${n}篇第1段，改写）`));
}

/** The answers a full build of the corpus gives. */
async function reference(name: string, corpus: string): Promise<string> {
  const indexDir = path.join(work, `${name}-reference`);
  await buildIndex({ corpusDir: corpus, indexDir, embedder: null, full: true });
  return answers(indexDir);
}

beforeAll(async () => {
  if (!FULL) return;
  work = mkdtempSync(path.join(tmpdir(), 'faults-kill-'));
  corpusDir = path.join(work, 'corpus');
  writeSyntheticCorpus(corpusDir, 40);
  await buildIndex({ corpusDir, indexDir: path.join(work, 'pristine'), embedder: null });
  before = await answers(path.join(work, 'pristine'));
  writeFileSync(path.join(corpusDir, 'zz-extra.txt'), EXTRA);
  await buildIndex({ corpusDir, indexDir: path.join(work, 'reference'), embedder: null });
  after = await answers(path.join(work, 'reference'));
  expect(after).not.toBe(before);
});
afterAll(() => {
  if (!FULL) return;
  rmSync(work, { recursive: true, force: true });
  console.log(`kill -9 during index: ${JSON.stringify(tally)}`);
});

// Child processes and a timed build: part of `npm run faults`, not of `npm test`.
describe.runIf(FULL)('kill -9 during a build', () => {
  it('leaves the previous index or the new one, whole', async () => {
    await killTrials('full', { corpus: corpusDir, pristine: path.join(work, 'pristine'), full: true, before, after, kills: KILLS });
  }, 600_000);

  it('during an update that writes a segment and a deletion list', async () => {
    const { corpus, pristine } = await segmentedSetup('update', 0);
    const was = await answers(pristine);
    writeFileSync(path.join(corpus, 'zz-extra.txt'), EXTRA);
    changeFile(corpus, 3);
    const will = await reference('update', corpus);
    expect(will).not.toBe(was);
    await killTrials('update', { corpus, pristine, full: false, before: was, after: will, kills: SEGMENT_KILLS });
  }, 600_000);

  it('during an update that merges the segments', async () => {
    // Eight segments: the next update would make nine, past the policy's eight, and merges them all.
    const { corpus, pristine } = await segmentedSetup('merge', 7);
    expect((await readGeneration(pristine))!.manifest.segments).toHaveLength(8);
    const was = await answers(pristine);
    writeFileSync(path.join(corpus, 'zz-extra.txt'), EXTRA);
    changeFile(corpus, 30);
    const will = await reference('merge', corpus);
    const merged = path.join(work, 'merge-check');
    cpSync(pristine, merged, { recursive: true });
    await buildIndex({ corpusDir: corpus, indexDir: merged, embedder: null });
    expect((await readGeneration(merged))!.manifest.segments).toHaveLength(1);
    await killTrials('merge', { corpus, pristine, full: false, before: was, after: will, kills: SEGMENT_KILLS });
  }, 600_000);

  it('during a capped full build that writes several segments', async () => {
    const check = path.join(work, 'capped-check');
    await buildIndex({ corpusDir, indexDir: check, embedder: null, full: true, ...policyOf(CAP) });
    expect((await readGeneration(check))!.manifest.segments).toHaveLength(6);
    // `after` is the one-segment build's: the capped build must answer as it does.
    expect(await answers(check)).toBe(after);
    // Six segments: a kill as each segment's folder appears and as it is renamed whole, then at the commit and the switch.
    await killTrials('capped-full', { corpus: corpusDir, pristine: path.join(work, 'pristine'), full: true, before, after, kills: 4, entries: 2 * 6 + 3, cap: CAP });
  }, 600_000);

  it('during a capped update that merges the segments into several', async () => {
    // Five capped segments and seven updates (a segment each): the next update's segment is the eighth past the five
    // the cap requires, and merges.
    const { corpus, pristine } = await segmentedSetup('capped-merge', 7, CAP);
    expect((await readGeneration(pristine))!.manifest.segments).toHaveLength(12);
    const was = await answers(pristine);
    changeFile(corpus, 30);
    changeFile(corpus, 31);
    const will = await reference('capped-merge', corpus);
    expect(will).not.toBe(was);
    const merged = path.join(work, 'capped-merge-check');
    cpSync(pristine, merged, { recursive: true });
    await buildIndex({ corpusDir: corpus, indexDir: merged, embedder: null, ...policyOf(CAP) });
    const after = (await readGeneration(merged))!.manifest.segments;
    expect(after).toHaveLength(5);
    expect(after.every((s) => s.deleted === 0)).toBe(true);
    expect(await answers(merged)).toBe(will);
    await killTrials('capped-merge', { corpus, pristine, full: false, before: was, after: will, kills: 4, entries: 2 * 5 + 3, cap: CAP });
  }, 600_000);
});

describe.runIf(FULL && process.getuid?.() === 0)('a real full disk (tmpfs)', () => {
  it('ENOSPC is reported, nothing is left behind, and the previous index serves', async () => {
    const mount = path.join(work, 'small');
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mount]);
    try {
      const indexDir = path.join(mount, 'index');
      // A small index fits; the synthetic corpus's does not.
      const small = path.join(work, 'small-corpus');
      mkdirSync(small);
      writeFileSync(path.join(small, 'a.txt'), EXTRA);
      await buildIndex({ corpusDir: small, indexDir, embedder: null });
      const previous = await answers(indexDir);
      for (let attempt = 0; attempt < 3; attempt++) {
        await expect(buildIndex({ corpusDir, indexDir, embedder: null })).rejects.toMatchObject({ id: 'index.disk_full' });
        expect(readdirSync(indexDir).filter((e) => e.endsWith('.partial'))).toEqual([]);
      }
      expect(await answers(indexDir)).toBe(previous);
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});
