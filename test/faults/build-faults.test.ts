/**
 * Builds that go wrong must leave the previous index serving: an unusable
 * corpus, a full disk, no permission, another writer, a path under a file,
 * leftovers of killed builds, a load racing a generation switch.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/** Error code the next writes of index files fail with (a disk filling up, a permission taken away). */
const inject = vi.hoisted(() => ({ code: null as string | null }));
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  const failing =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      if (inject.code && /(gen|seg)-/.test(String(a[0]))) throw Object.assign(new Error(`${inject.code}: injected`), { code: inject.code });
      return fn(...a);
    };
  const writing = failing(fs.open);
  // Index files are written through `open(file, 'w')` (chunked-file.ts) or `writeFile`.
  const open = ((file: Parameters<typeof fs.open>[0], flags?: string | number, mode?: number) => (flags === 'w' ? writing(file, flags, mode) : fs.open(file, flags, mode))) as typeof fs.open;
  return { ...fs, default: fs, writeFile: failing(fs.writeFile), open };
});

const { readConfig } = await import('../../src/config.js');
const { buildIndex } = await import('../../src/index/build.js');
const { LOCK_FILE } = await import('../../src/index/lock.js');
const { currentGeneration, readGeneration } = await import('../../src/index/store.js');
const { openEngine } = await import('../../src/search/engine.js');

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'faults-build-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function setup(name: string) {
  const corpusDir = path.join(work, name, 'corpus');
  cpSync(path.resolve('corpus'), corpusDir, { recursive: true });
  return readConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(work, name, 'index'), EMBEDDINGS: 'none' }, work);
}

const partials = (dir: string) => readdirSync(dir).filter((e) => e.endsWith('.partial'));

describe('a failed build keeps the previous index', () => {
  it('a corpus whose files are all unusable is refused with corpus.empty, everywhere', async () => {
    const c = setup('unusable');
    const engine = await openEngine(c);
    const before = await currentGeneration(c.indexDir);
    const answer = await engine.ask('毛伟明强调了什么');
    for (const f of readdirSync(c.corpusDir)) rmSync(path.join(c.corpusDir, f), { recursive: true });
    writeFileSync(path.join(c.corpusDir, 'binary.txt'), Buffer.from([1, 0, 2, 0, 3]));
    writeFileSync(path.join(c.corpusDir, 'blank.md'), '\n\n  \n');
    writeFileSync(path.join(c.corpusDir, 'furniture.txt'), '首页 > 新闻\n');
    // The command line's `index`.
    await expect(buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: null })).rejects.toMatchObject({ id: 'corpus.empty' });
    // /reindex (bot and chat) says why and keeps answering.
    await expect(engine.reindex()).rejects.toMatchObject({ id: 'corpus.empty', message: expect.stringContaining('binary.txt') });
    expect(await engine.ask('毛伟明强调了什么')).toEqual(answer);
    expect(await currentGeneration(c.indexDir)).toBe(before);
    // Start-up: the previous index answers, and says so.
    const restarted = await openEngine(c);
    expect(restarted.stats().updateFailed).toContain('No usable paragraph');
    expect(restarted.warnings.join(' ')).toContain('answering from the previous index');
    expect((await restarted.ask('毛伟明强调了什么')).passages.map((p) => p.text)).toEqual(answer.passages.map((p) => p.text));
  });

  it.each([
    ['ENOSPC', 'index.disk_full', 'No space left'],
    ['EACCES', 'index.permission', 'cannot be written'],
    ['EPERM', 'index.permission', 'cannot be written'],
  ])('a write failing with %s says what to do, removes its .partial and keeps the previous index', async (code, id, says) => {
    const c = setup(`write-${code}`);
    await openEngine(c);
    const before = await currentGeneration(c.indexDir);
    writeFileSync(path.join(c.corpusDir, 'new.txt'), '# 新文章\n\n湘江治理取得新进展，沿岸群众受益。');
    inject.code = code;
    try {
      await expect(buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: null })).rejects.toMatchObject({ id, message: expect.stringContaining(says) });
      // Start-up with the disk still full: the previous index serves.
      const engine = await openEngine(c);
      expect(engine.stats().updateFailed).toContain(says);
      expect((await engine.search('毛伟明', { top: 1 })).length).toBe(1);
    } finally {
      inject.code = null;
    }
    expect(partials(c.indexDir)).toEqual([]);
    expect(existsSync(path.join(c.indexDir, LOCK_FILE))).toBe(false);
    expect(await currentGeneration(c.indexDir)).toBe(before);
    // Once space is back, the next build goes through.
    const next = await buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: null });
    expect(next.data!.manifest.files['new.txt']).toBeDefined();
  });

  it('an index path under a file is named as such, not "unexpected failure"', async () => {
    const c = setup('under-file');
    writeFileSync(path.join(work, 'under-file', 'afile'), 'x');
    const indexDir = path.join(work, 'under-file', 'afile', 'index');
    await expect(buildIndex({ corpusDir: c.corpusDir, indexDir, embedder: null })).rejects.toMatchObject({ id: 'index.not_a_folder' });
    await expect(openEngine({ ...c, indexDir })).rejects.toMatchObject({ id: 'index.not_a_folder' });
  });
});

describe('one writer at a time', () => {
  it('a live lock holder is reported with index.busy; a dead one is taken over', async () => {
    const c = setup('lock');
    mkdirSync(c.indexDir, { recursive: true });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(path.join(c.indexDir, LOCK_FILE), `${holder.pid}\n`);
      await expect(buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: null })).rejects.toMatchObject({
        id: 'index.busy',
        message: expect.stringContaining(`pid ${holder.pid}`),
      });
    } finally {
      holder.kill('SIGKILL');
    }
    // A pid that has exited: a build killed with -9 left its lock.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(path.join(c.indexDir, LOCK_FILE), `${dead}\n`);
    mkdirSync(path.join(c.indexDir, 'gen-2026-01-01T00-00-00-000Z-1-abc.partial'));
    const built = await buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: null });
    expect(built.result.paragraphs).toBeGreaterThan(20);
    expect(partials(c.indexDir)).toEqual([]);
    expect(existsSync(path.join(c.indexDir, LOCK_FILE))).toBe(false);
  });

  it('loads racing generation switches never report damage', async () => {
    const c = setup('race');
    await buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: null });
    let writing = true;
    let loads = 0;
    const reader = (async () => {
      while (writing) {
        const data = await readGeneration(c.indexDir);
        expect(data!.paragraphs.length).toBeGreaterThan(20);
        loads++;
      }
    })();
    for (let i = 0; i < 6; i++) await buildIndex({ corpusDir: c.corpusDir, indexDir: c.indexDir, embedder: null, full: true });
    writing = false;
    await reader;
    expect(loads).toBeGreaterThan(5);
  });
});
