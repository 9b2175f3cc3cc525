import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { RACY_MS } from '../../src/corpus/read.js';

const ARTICLE = '三湘都市报6月14日讯 今日下午，省委书记、省人大常委会主任张庆伟主持召开省委常委会议。\n\n会议还研究了其他事项。\n';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);

let work: string;
let corpusDir: string;
let indexDir: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'build-test-'));
  corpusDir = path.join(work, 'corpus');
  indexDir = path.join(work, 'index');
  mkdirSync(corpusDir);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('building from a corpus with unusable files', () => {
  it('skips a binary file with a warning naming it and indexes the rest', async () => {
    writeFileSync(path.join(corpusDir, 'a.txt'), ARTICLE);
    writeFileSync(path.join(corpusDir, 'photo.txt'), PNG);
    const { result, data } = await buildIndex({ corpusDir, indexDir, embedder: null });
    expect(data!.documents.map((d) => d.file)).toEqual(['a.txt']);
    expect(result.warnings).toEqual([{ file: 'photo.txt', id: 'corpus.binary', message: expect.stringContaining('photo.txt') }]);
  });

  it('refuses with corpus.empty when no file holds usable text, keeping the previous index', async () => {
    writeFileSync(path.join(corpusDir, 'a.txt'), ARTICLE);
    await buildIndex({ corpusDir, indexDir, embedder: null });
    const before = readdirSync(indexDir).sort();
    rmSync(path.join(corpusDir, 'a.txt'));
    writeFileSync(path.join(corpusDir, 'photo.txt'), PNG);
    await expect(buildIndex({ corpusDir, indexDir, embedder: null })).rejects.toMatchObject({
      id: 'corpus.empty',
      message: expect.stringMatching(/photo\.txt.*Add readable \.txt or \.md articles/),
    });
    expect(readdirSync(indexDir).sort()).toEqual(before);
  });
});

describe('what a keyword-only build reports', () => {
  it('counts no vectors as embedded or reused, on a first build or an unchanged one', async () => {
    writeFileSync(path.join(corpusDir, 'a.txt'), ARTICLE);
    const first = await buildIndex({ corpusDir, indexDir, embedder: null });
    expect(first.result).toMatchObject({ embedded: 0, reused: 0 });
    expect(first.result.paragraphs).toBeGreaterThan(0);
    const again = await buildIndex({ corpusDir, indexDir, embedder: null });
    expect(again.unchanged).toBe(true);
    expect(again.result).toMatchObject({ embedded: 0, reused: 0 });
  });
});

describe('a re-index reads only the files whose stamp changed', () => {
  it('records the stamp of a file changed a tick before it was read, and finds one rewritten at the same size with its time set back', async () => {
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const [file, text] of [['a.txt', ARTICLE], ['b.txt', ARTICLE.replace('其他事项', '人事事项')]] as const) {
      writeFileSync(path.join(corpusDir, file), text);
      utimesSync(path.join(corpusDir, file), hourAgo, hourAgo);
    }
    // Just written (the change time is now): no stamp is recorded, so the next re-index reads the files again.
    const first = await buildIndex({ corpusDir, indexDir, embedder: null });
    expect(first.data!.manifest.files['a.txt']!.stamp).toBeUndefined();
    // A tick later they are settled: a commit records their stamps.
    await new Promise((resolve) => setTimeout(resolve, RACY_MS + 200));
    writeFileSync(path.join(corpusDir, 'c.txt'), ARTICLE.replace('其他事项', '财政事项'));
    const second = await buildIndex({ corpusDir, indexDir, embedder: null });
    const stamp = second.data!.manifest.files['a.txt']!.stamp!;
    expect(stamp.size).toBe(Buffer.byteLength(ARTICLE));
    expect(Math.abs(stamp.mtimeMs - hourAgo.getTime())).toBeLessThan(1);

    writeFileSync(path.join(corpusDir, 'b.txt'), ARTICLE.replace('其他事项', '干部事项'));
    utimesSync(path.join(corpusDir, 'b.txt'), hourAgo, hourAgo);
    const again = await buildIndex({ corpusDir, indexDir, embedder: null });
    expect(again.unchanged).toBeFalsy();
    const texts = Array.from({ length: again.data!.paragraphs.length }, (_, id) => again.data!.paragraphs.text(id));
    expect(texts.some((t) => t.includes('干部事项'))).toBe(true);
    expect(texts.some((t) => t.includes('人事事项'))).toBe(false);
  });
});
