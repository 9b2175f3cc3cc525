import { describe, expect, it } from 'vitest';
import { loadEvalData, matchesFilter, paragraphs, sample } from '../../bench/datasets.js';
import { syntheticCorpus, changedCorpus, PARAGRAPHS_PER_FILE } from '../../bench/synthetic.js';

describe('evaluation scenarios', () => {
  const data = loadEvalData();
  const byName = Object.fromEntries(data.scenarios.map((s) => [s.name, s]));

  it('has one file per context and every gold file in its corpus', () => {
    expect(data.corpora.cmrc).toHaveLength(256);
    expect(data.corpora.drcd).toHaveLength(1000);
    expect(data.corpora.mixed).toHaveLength(1256);
    expect(data.corpora.cmrc[0]!.file).toBe('cmrc/0001.txt');
    for (const s of data.scenarios) {
      const files = new Set(data.corpora[s.corpus].map((f) => f.file));
      expect(s.questions.every((q) => files.has(q.gold))).toBe(true);
    }
    expect(byName['same:cmrc']!.questions).toHaveLength(1000); // 1,002 minus 2 empty ones
    expect(byName['same:drcd']!.questions).toHaveLength(3524);
  });

  it('converts cross-script questions to the other script, same gold', () => {
    const same = byName['same:drcd']!.questions[0]!;
    const cross = byName['cross:drcd']!.questions[0]!;
    expect(same.query).toContain('陸特和漢斯');
    expect(cross.query).toContain('陆特和汉斯');
    expect(cross.gold).toBe(same.gold);
    // cn→hk gives Hong Kong forms, not the Taiwan forms of the engine's converter
    const q = byName['cross:cmrc']!.questions.find((x) => x.query.includes('裏'));
    expect(q).toBeDefined();
  });

  it('filters scenarios by name or group', () => {
    expect(matchesFilter('cross:cmrc', ['cross'])).toBe(true);
    expect(matchesFilter('cross:cmrc', ['same', 'cross:drcd'])).toBe(false);
    expect(matchesFilter('cross:cmrc', undefined)).toBe(true);
  });
});

describe('helpers', () => {
  it('samples evenly and deterministically', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    expect(sample(items, 5)).toEqual([0, 2, 4, 6, 8]);
    expect(sample(items, undefined)).toBe(items);
  });

  it('splits paragraphs on lines', () => {
    expect(paragraphs('甲\n\n 乙 \r\n丙')).toEqual(['甲', '乙', '丙']);
  });

  it('builds distinct synthetic paragraphs and a 1% edit', () => {
    const files = syntheticCorpus(5000);
    const paras = files.flatMap((f) => f.text.split('\n\n'));
    expect(files).toHaveLength(5000 / PARAGRAPHS_PER_FILE);
    expect(new Set(paras).size).toBe(5000);
    expect(syntheticCorpus(5000)).toEqual(files);
    const changed = changedCorpus(files);
    expect(changed.filter((f, i) => f.text !== files[i]!.text)).toHaveLength(1);
  });
});
