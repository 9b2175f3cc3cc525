import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/search/engine.js';
import { openBundledEngine, type BundledEngine } from './bundled-engine.js';

let bundled: BundledEngine;
let engine: Engine;
beforeAll(async () => {
  bundled = await openBundledEngine('date-question-');
  engine = bundled.engine;
});
afterAll(() => bundled.close());

describe('a question that is a date, asked with ask', () => {
  it.each([
    ['6月14日发生了什么', '6月14日'],
    ['6月14日發生了什麼', '6月14日'],
    ['6月14日的新闻', '6月14日'],
  ])('%s → answered by the passages dated that day, as /date finds them, each marked', async (q, day) => {
    const a = await engine.ask(q, { top: 3 });
    expect(a.answered).toBe(true);
    const dated = engine.date(day).hits.slice(0, 3);
    expect(a.passages.map((p) => [p.file, p.paragraph])).toEqual(dated.map((h) => [h.file, h.paragraph]));
    // The bundled corpus's 6月14日 reports: their datelines name the day, and the dateline's sentence is marked.
    for (const p of a.passages) expect(p.sentences.join('')).toContain('6月14日');
  });

  it('is not answered for a day the corpus dates nothing on, and nothing is marked', async () => {
    const a = await engine.ask('12月25日发生了什么', { top: 3 });
    expect(a.answered).toBe(false);
    for (const p of a.passages) expect(p.ranges).toEqual([]);
  });

  it('is not answered for a year the corpus does not give: the 6月14日 reports of unknown year are shown as related', async () => {
    const a = await engine.ask('2024年6月14日发生了什么', { top: 3 });
    expect(a.answered).toBe(false);
    expect(a.passages[0]!.citation.date).toEqual({ year: null, month: 6, day: 14 });
    for (const p of a.passages) expect(p.ranges).toEqual([]);
  });

  it('keeps a question about something on a day an ordinary question', async () => {
    const a = await engine.ask('6月14日省委常委会议听取了什么汇报', { top: 3 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.sentences.join('')).toContain('汇报');
  });
});
