import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { openEngine, type Engine } from '../../src/search/engine.js';

const LEAD = '长沙市今日召开全市经济工作会议，市委书记在会上部署明年重点任务，要求各区县狠抓项目建设和招商引资，确保经济稳中有进。';

let work: string;
let engine: Engine;
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'retrieve-test-'));
  const corpus = path.join(work, 'corpus');
  mkdirSync(corpus);
  const files: Record<string, string> = {
    // The original report.
    'a.txt': LEAD,
    // A reprint in traditional script: the same paragraph to a reader.
    'b.txt': '長沙市今日召開全市經濟工作會議，市委書記在會上部署明年重點任務，要求各區縣狠抓項目建設和招商引資，確保經濟穩中有進。',
    // A copy with one word changed: still a repeat.
    'c.txt': LEAD.replace('明年', '来年'),
    // Same meeting, different paragraph: it says something else and must stay.
    'd.txt': '长沙市今日召开全市经济工作会议，会议总结了今年全市经济运行情况，分析了当前面临的形势和挑战。',
  };
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(corpus, file), `${text}\n`);
  engine = await openEngine(readConfig({ CORPUS_DIR: corpus, INDEX_DIR: path.join(work, 'index'), EMBEDDINGS: 'none' }, work));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('near-duplicate paragraphs', () => {
  it('are shown once, whichever script or small edit they come in', async () => {
    const hits = await engine.search('长沙市经济工作会议部署了什么任务', { top: 10 });
    const files = hits.map((h) => h.file);
    // One of a, b, c (the best ranked), then d; the two repeats of the shown one are dropped.
    expect(files.filter((f) => ['a.txt', 'b.txt', 'c.txt'].includes(f))).toHaveLength(1);
    expect(files).toContain('d.txt');
    expect(files).toHaveLength(2);
  });
});
