import { describe, expect, it } from 'vitest';
import { parseFrontMatterDate, splitFrontMatter } from '../../src/corpus/frontmatter.js';

describe('parseFrontMatterDate', () => {
  it('keeps only the parts written', () => {
    expect(parseFrontMatterDate('2024-02-19')).toEqual({ year: 2024, month: 2, day: 19 });
    expect(parseFrontMatterDate('2024-02')).toEqual({ year: 2024, month: 2, day: null });
    expect(parseFrontMatterDate('06-14')).toEqual({ year: null, month: 6, day: 14 });
    expect(parseFrontMatterDate('2024')).toEqual({ year: 2024, month: null, day: null });
    expect(parseFrontMatterDate('2024年2月19日')).toEqual({ year: 2024, month: 2, day: 19 });
    expect(parseFrontMatterDate('6月14日')).toEqual({ year: null, month: 6, day: 14 });
  });

  it('rejects what is not a date', () => {
    for (const v of ['2024-13-01', '02-30', 'yesterday', '']) expect(parseFrontMatterDate(v), v).toBeNull();
  });
});

describe('splitFrontMatter', () => {
  it('splits the block off and reads its keys', () => {
    const { meta, body, problems } = splitFrontMatter('---\ntitle: 标题\nsource: "湖南日报"\nauthor: 某人\n---\n正文。');
    expect(meta).toEqual({ title: '标题', date: null, source: '湖南日报', url: null });
    expect(body).toBe('正文。');
    expect(problems).toEqual([]);
  });

  it('leaves a text without front matter, or with a Markdown rule on top, as it is', () => {
    expect(splitFrontMatter('正文。\n---\n')).toEqual({ meta: null, body: '正文。\n---\n', problems: [] });
    const rule = '---\n这不是元数据。\n---\n正文。';
    expect(splitFrontMatter(rule)).toEqual({ meta: null, body: rule, problems: [] });
  });
});
