import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DevSetError, loadEvalData, matchesFilter, paragraphs, sample } from '../../bench/datasets.js';
import { syntheticCorpus, changedCorpus, PARAGRAPHS_PER_FILE } from '../../bench/synthetic.js';

/**
 * A few contexts of each development set, in their own format (CC BY-SA): the
 * scenario rules are checked without reading the full sets of bench/data.
 * The CMRC part includes a context with an empty question and one whose
 * questions contain 里 (converted to the Hong Kong form 裏).
 */
const MINI_SETS = path.resolve('test/fixtures/squad-mini');

describe('evaluation scenarios', () => {
  const data = loadEvalData(MINI_SETS);
  const byName = Object.fromEntries(data.scenarios.map((s) => [s.name, s]));

  it('has one file per context and every gold file in its corpus', () => {
    expect(data.corpora.cmrc).toHaveLength(4);
    expect(data.corpora.drcd).toHaveLength(2);
    expect(data.corpora.mixed).toHaveLength(6);
    expect(data.corpora.cmrc[0]!.file).toBe('cmrc/0001.txt');
    for (const s of data.scenarios) {
      const files = new Set(data.corpora[s.corpus].map((f) => f.file));
      expect(s.questions.every((q) => files.has(q.gold))).toBe(true);
    }
    expect(byName['same:cmrc']!.questions).toHaveLength(17); // 18 minus the empty one
    expect(byName['same:drcd']!.questions).toHaveLength(6);
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

describe('development set checks', () => {
  it('refuses a set whose bytes differ from SHA256SUMS, saying what to do', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'devsets-'));
    try {
      cpSync(MINI_SETS, dir, { recursive: true });
      writeFileSync(path.join(dir, 'DRCD_dev.json'), '{"data": []}');
      expect(() => loadEvalData(dir)).toThrow(DevSetError);
      expect(() => loadEvalData(dir)).toThrow(/DRCD_dev\.json is not the expected file.*restore it from git/);
      rmSync(path.join(dir, 'SHA256SUMS'));
      expect(() => loadEvalData(dir)).toThrow(/SHA256SUMS is missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts the committed sets in bench/data', () => {
    const data = loadEvalData();
    expect(data.corpora.cmrc).toHaveLength(256);
    expect(data.corpora.drcd).toHaveLength(1000);
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
    const files = syntheticCorpus(500, 1, MINI_SETS);
    const paras = files.flatMap((f) => f.text.split('\n\n'));
    expect(files).toHaveLength(500 / PARAGRAPHS_PER_FILE);
    expect(new Set(paras).size).toBe(500);
    expect(syntheticCorpus(500, 1, MINI_SETS)).toEqual(files);
    const changed = changedCorpus(files, 2, MINI_SETS);
    expect(changed.filter((f, i) => f.text !== files[i]!.text)).toHaveLength(1);
  });
});
