/**
 * The abstention bench makes a question unanswerable by asking it of the index
 * minus its gold file. That view must be what a re-index deleting the file
 * gives: the same hits and scores (statistics of the remaining paragraphs) and
 * the same term weights as a full build of the corpus without the file.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { readGeneration, type IndexData } from '../../src/index/store.js';
import { termsFor } from '../../src/search/answerable.js';
import { rankForQuestion } from '../../src/search/rank.js';
import { labelMap } from '../../src/search/retrieve.js';
import { withoutFile } from '../../bench/without-file.js';

const GONE = '003_3b49a103faae7710.txt';
const QUESTIONS = ['省委书记沈晓明到衡阳调研', '岳阳石化产业有多少员工', '湖南打造万亿现代石化产业', '十个方面是哪些', '11月12日沈晓明在石门'];

let work: string;
let full: IndexData;
let rebuilt: IndexData;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'without-file-'));
  const all = path.join(work, 'all');
  const rest = path.join(work, 'rest');
  cpSync(path.resolve('corpus'), all, { recursive: true });
  cpSync(path.resolve('corpus'), rest, { recursive: true });
  rmSync(path.join(rest, GONE));
  await buildIndex({ corpusDir: all, indexDir: path.join(work, 'index-all'), embedder: null, full: true });
  await buildIndex({ corpusDir: rest, indexDir: path.join(work, 'index-rest'), embedder: null, full: true });
  full = (await readGeneration(path.join(work, 'index-all')))!;
  rebuilt = (await readGeneration(path.join(work, 'index-rest')))!;
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function ranking(data: IndexData, q: string) {
  const hits = await rankForQuestion(data, labelMap(data), null, q, { mode: 'lexical', top: 10 });
  return hits.map((h) => [data.paragraphs.file(h.id), data.paragraphs.get(h.id).paragraph, h.score]);
}

it('ranks and weighs as a full build of the corpus without the file', async () => {
  const view = withoutFile(full, GONE);
  expect(view.paragraphs.length).toBe(rebuilt.paragraphs.length);
  for (const q of QUESTIONS) {
    const [a, b] = [await ranking(view, q), await ranking(rebuilt, q)];
    expect(a.map((h) => h.slice(0, 2))).toEqual(b.map((h) => h.slice(0, 2)));
    a.forEach((h, i) => expect(h[2]).toBeCloseTo(b[i]![2] as number, 9));
    expect(termsFor(view, q)).toEqual(termsFor(rebuilt, q));
  }
  // What only the deleted file said is unknown to the view, as to the rebuilt index.
  expect(full.keyword.idf('word', '石化')).toBeGreaterThan(0);
  expect(view.keyword.idf('word', '石化')).toBe(0);
  // And what it shared with others weighs as in the rebuilt index, not as in the full one.
  expect(view.keyword.idf('bigram', '湖南')).not.toBe(full.keyword.idf('bigram', '湖南'));
  expect(view.keyword.idf('bigram', '湖南')).toBe(rebuilt.keyword.idf('bigram', '湖南'));
});

it('refuses a file the index does not hold', () => {
  expect(() => withoutFile(full, 'nope.txt')).toThrow(/not in the index/);
});
