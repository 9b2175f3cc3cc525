/**
 * kill -9 of the command line's `index` at moments spread over a build (parse,
 * postings, write, switch): a full build, an update that writes a segment and
 * a deletion list, and an update that merges segments. Afterwards the index
 * answers either exactly as before or exactly as the finished build would,
 * never "damaged"; the next build takes over the dead writer's lock and
 * removes what it left (`.partial` folders, unreferenced segments and deletion
 * lists). With a tmpfs that fills up (as root, where mount works). Runs under `npm run faults`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { LOCK_FILE } from '../../src/index/lock.js';
import { readGeneration } from '../../src/index/store.js';
import { Engine } from '../../src/search/engine.js';
import { silentLogger } from '../../src/util/log.js';
import { writeSyntheticCorpus } from './synthetic.js';

const FULL = process.env.FAULTS === 'full';
const KILLS = 16;
/** Kills per segment scenario (update, merge). */
const SEGMENT_KILLS = 10;
const QUESTIONS = ['省委书记沈晓明到衡阳调研', '湘江流域治理新进展', '毛伟明强调'];
const EXTRA = '# 湘江治理\n\n湘江流域治理新进展：沿岸十三个县市完成生态修复，群众受益。\n';

let work: string;
let corpusDir: string;
let before: string;
let after: string;
const cli = path.resolve('src/cli/main.ts');

async function answers(indexDir: string): Promise<string> {
  const data = await readGeneration(indexDir);
  const engine = new Engine(data!, readConfig({ EMBEDDINGS: 'none', INDEX_DIR: indexDir }, work), null, silentLogger);
  return JSON.stringify(await Promise.all(QUESTIONS.map((q) => engine.search(q, { top: 5 }).then((h) => h.map((x) => [x.file, x.paragraph, x.score])))));
}

/** Runs `index` (`--full` when asked) in a child process and kills it with SIGKILL after `ms` (or lets it finish when it is faster). */
function killedBuild(indexDir: string, ms: number, corpus = corpusDir, full = true): Promise<{ killed: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'index', '--corpus', corpus, '--index', indexDir, ...(full ? ['--full'] : []), '--mode', 'lexical'], {
    stdio: 'ignore',
    env: { ...process.env, EMBEDDINGS: 'none' },
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL' || code !== 0 });
    }),
  );
}

const tally = { trials: 0, killed: 0, previous: 0, next: 0, damaged: 0 };

interface Scenario {
  corpus: string;
  /** The index before the build that is killed. */
  pristine: string;
  full: boolean;
  before: string;
  after: string;
  kills: number;
}

/** Kills of one build at moments spread over it, each on a fresh copy of the pristine index; then the next build finishes the job. */
async function killTrials(name: string, s: Scenario): Promise<void> {
  // How long an uninterrupted run takes, start-up included: the kills are spread over it.
  const timed = path.join(work, `${name}-timed`);
  cpSync(s.pristine, timed, { recursive: true });
  const t = performance.now();
  await killedBuild(timed, 600_000, s.corpus, s.full);
  const total = performance.now() - t;
  expect(await answers(timed)).toBe(s.after);
  for (let i = 1; i <= s.kills; i++) {
    const indexDir = path.join(work, `${name}-trial-${i}`);
    cpSync(s.pristine, indexDir, { recursive: true });
    // Half spread over the whole run, half over its last fifth, where the files are written and switched.
    const half = s.kills / 2;
    const at = i <= half ? i / (half + 1) : 0.8 + (0.2 * (i - half)) / (half + 1);
    const { killed } = await killedBuild(indexDir, total * at, s.corpus, s.full);
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
    // The next run finishes the job: the dead writer's lock and leftovers are cleared.
    await buildIndex({ corpusDir: s.corpus, indexDir, embedder: null, full: s.full });
    expect(await answers(indexDir)).toBe(s.after);
    expect(readdirSync(indexDir).filter((e) => e.endsWith('.partial') || e.startsWith('CURRENT.tmp'))).toEqual([]);
    expect(existsSync(path.join(indexDir, LOCK_FILE))).toBe(false);
    const { manifest } = (await readGeneration(indexDir))!;
    // Only what the commit in force uses is left: its segments, and in them its files and deletion lists.
    const inFolders = readdirSync(indexDir).filter((e) => e.startsWith('seg-')).flatMap((seg) => readdirSync(path.join(indexDir, seg)).map((f) => `${seg}/${f}`));
    expect(inFolders.sort()).toEqual(Object.keys(manifest.sizes).sort());
    rmSync(indexDir, { recursive: true, force: true });
  }
}

/** A copy of the synthetic corpus and its index, built in steps: `steps` each change one more file (a segment each). */
async function segmentedSetup(name: string, steps: number): Promise<{ corpus: string; pristine: string }> {
  const corpus = path.join(work, `${name}-corpus`);
  const pristine = path.join(work, `${name}-pristine`);
  cpSync(corpusDir, corpus, { recursive: true });
  rmSync(path.join(corpus, 'zz-extra.txt'), { force: true });
  await buildIndex({ corpusDir: corpus, indexDir: pristine, embedder: null });
  for (let k = 0; k < steps; k++) {
    changeFile(corpus, 10 + k);
    await buildIndex({ corpusDir: corpus, indexDir: pristine, embedder: null });
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
