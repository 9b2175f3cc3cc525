/** `person` lists passages newest first by what is known, and says so truly: year-certain, then year unknown, then undated. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { openEngine, type Engine } from '../../src/search/engine.js';
import { personCount } from '../../src/present/person.js';
import { renderPerson, styleFor } from '../../src/cli/format.js';
import { chooseVoice } from '../../src/present/voice.js';

let work: string;
let fixture: Engine;
let bundled: Engine;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'person-order-'));
  const corpus = path.join(work, 'corpus');
  mkdirSync(corpus);
  const files: Record<string, string> = {
    // Both scripts; a year given by a stamp, a dateline without a year, and no date at all.
    'a.txt': '# 毛偉明調研長沙\n\n發布時間: 2022-03-01 09:00\n\n3月1日,省長毛偉明到長沙調研糧食生產。',
    'b.txt': '# 毛伟明主持会议\n\n三湘都市报12月1日讯 今日，省长毛伟明主持召开省政府常务会议。',
    'c.txt': '# 毛伟明赴株洲督导\n\n三湘都市报6月14日讯 今日，省长毛伟明赴株洲督导经济运行。',
    'd.txt': '# 毛伟明考察企业\n\n省长毛伟明考察企业，了解生产经营情况。',
    'e.txt': '# 毛伟明讲话\n\n发布时间: 2024-01-02 10:00\n\n1月2日，省长毛伟明在会上讲话。',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(corpus, name), text);
  fixture = await openEngine(readConfig({ CORPUS_DIR: corpus, INDEX_DIR: path.join(work, 'index'), EMBEDDINGS: 'none' }, work));
  bundled = await openEngine(readConfig({ CORPUS_DIR: path.resolve('corpus'), INDEX_DIR: path.join(work, 'bundled'), EMBEDDINGS: 'none' }, work));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('person order', () => {
  it('puts year-certain reports newest first, then those of unknown year by month and day, then the undated, and says so', () => {
    const r = fixture.person('毛偉明');
    expect(r.hits.map((h) => h.file)).toEqual(['e.txt', 'a.txt', 'b.txt', 'c.txt', 'd.txt']);
    expect(personCount(r.hits, 'zh-Hans')).toBe('5 段，由新到旧，年份不详的按月日排在后面，日期不详的排在最后');
    expect(personCount(r.hits, 'zh-Hant')).toBe('5 段，由新到舊，年份不詳的按月日排在後面，日期不詳的排在最後');
    expect(personCount(r.hits, 'en')).toBe('5 passages, newest first, then those of unknown year by month and day, undated last');
    // The label is as true as the order: year-certain only, unknown year only, one passage.
    const only = (files: string[]) => r.hits.filter((h) => files.includes(h.file));
    expect(personCount(only(['a.txt', 'e.txt']), 'zh-Hans')).toBe('2 段，由新到旧');
    expect(personCount(only(['b.txt', 'c.txt']), 'zh-Hans')).toBe('2 段，年份不详，按月日由后到前');
    expect(personCount(only(['c.txt', 'd.txt']), 'zh-Hans')).toBe('2 段，年份不详，按月日由后到前，日期不详的排在最后');
    expect(personCount(only(['d.txt']), 'zh-Hans')).toBe('1 段');
  });

  it('says when it shows only the first passages of more (the chat shows ten), in each language', () => {
    const all = bundled.person('毛伟明');
    const first = bundled.person('毛伟明', { top: 3 });
    expect(all.total).toBe(all.hits.length);
    expect(first.total).toBe(all.total);
    expect(first.hits).toHaveLength(3);
    expect(all.total).toBeGreaterThan(3);
    expect(personCount(first.hits, 'zh-Hans', first.total)).toMatch(new RegExp(`^共 ${all.total} 段，显示前 3 段，`));
    expect(personCount(first.hits, 'zh-Hant', first.total)).toMatch(new RegExp(`^共 ${all.total} 段，顯示前 3 段，`));
    expect(personCount(first.hits, 'en', first.total)).toMatch(new RegExp(`^the first 3 of ${all.total} passages, `));
    expect(personCount(all.hits, 'zh-Hans', all.total)).toMatch(new RegExp(`^${all.total} 段，`));
  });

  it('orders 毛伟明 on the bundled corpus so: 2024-02-19, then 6月14日 and 4月27日 (year unknown), then the undated 湘伴 piece', () => {
    const r = bundled.person('毛伟明');
    const files = [...new Set(r.hits.map((h) => h.file.slice(0, 3)))];
    expect(files).toEqual(['004', '000', '002', '003']);
    const text = renderPerson(r, styleFor(false), chooseVoice({ text: '毛伟明' }));
    expect(text.split('\n')[0]).toContain('17 段，由新到旧，年份不详的按月日排在后面，日期不详的排在最后');
    const trad = renderPerson(bundled.person('毛偉明'), styleFor(false), chooseVoice({ text: '毛偉明' }));
    expect(trad.split('\n')[0]).toContain('由新到舊，年份不詳的按月日排在後面，日期不詳的排在最後');
  });
});
