import { describe, expect, it } from 'vitest';
import { ParagraphStore, type ParagraphRecord } from '../../src/index/paragraphs.js';
import { sha256 } from '../../src/util/hash.js';

const record = (id: number, over: Partial<ParagraphRecord> = {}): ParagraphRecord => ({
  id,
  file: id < 2 ? 'a.txt' : 'sub/b.md',
  paragraph: id,
  article: 0,
  text: `第${id}段：省委书记沈晓明来到衡阳（huì）。`,
  norm: `第${id}段:省委书记沈晓明来到衡阳(hui)。`,
  dates: [],
  people: [],
  doc: id < 2 ? 0 : 1,
  vector: id * 2 - 1,
  textHash: sha256(`text ${id}`),
  ...over,
});

describe('paragraph store', () => {
  const records = [
    record(0, { vector: -1 }),
    record(1, { kind: 'caption', dates: [{ text: '6月14日', start: { year: null, month: 6, day: 14 }, end: { year: null, month: 6, day: 14 }, yearInferred: false }] }),
    record(2, { kind: 'byline', people: [{ name: '唐俊', key: '唐俊', roles: ['记者'] }], text: '', norm: '' }),
    record(3, { kind: 'text', text: '𠮷 emoji 😀 and ASCII', norm: '𠮷 emoji 😀 and ascii' }),
  ];
  const files = ['a.txt', 'sub/b.md'];

  it('gives back every paragraph as it was stored, from its bytes', () => {
    const built = ParagraphStore.fromRecords(records, files);
    const bytes = Buffer.from(built.toBuffer()); // as read from the file: another buffer
    const read = ParagraphStore.fromBuffer(bytes, files);
    expect(read.length).toBe(4);
    expect([...read]).toEqual(records);
    expect(read.get(3).text).toBe('𠮷 emoji 😀 and ASCII');
    expect(read.vector(0)).toBe(-1);
    expect(read.hasMentions(0)).toBe(false);
    expect(read.people(2)).toEqual(records[2]!.people);
    expect(read.file(2)).toBe('sub/b.md');
  });

  it('holds Chinese text in 2 bytes a character and Latin text in 1, and gives both back', () => {
    const chinese = Array.from({ length: 200 }, (_, i) => record(i, { doc: 0, file: 'a.txt' }));
    const latin = Array.from({ length: 200 }, (_, i) => record(i, { doc: 0, file: 'a.txt', text: `Paragraph ${i}: The Xiangjiang flows north.`, norm: `paragraph ${i}: the xiangjiang flows north.` }));
    for (const list of [chinese, latin]) {
      const bytes = ParagraphStore.fromRecords(list, files).toBuffer();
      const chars = list.reduce((sum, p) => sum + p.text.length + p.norm.length, 0);
      const perChar = list === chinese ? 2 : 1;
      // Columns of numbers and hashes: 49 bytes a paragraph.
      expect(bytes.byteLength).toBeLessThan(chars * perChar + list.length * 64);
      expect([...ParagraphStore.fromBuffer(Buffer.from(bytes), files)]).toEqual(list);
    }
  });

  it('holds a date or person that recurs across paragraphs once', () => {
    const person = { name: '毛伟明', key: '毛伟明', roles: ['省委副书记', '省长'] };
    const date = { text: '6月14日', start: { year: 2023, month: 6, day: 14 }, end: { year: 2023, month: 6, day: 14 }, yearInferred: true };
    const plain = Array.from({ length: 1000 }, (_, i) => record(i, { doc: 0, file: 'a.txt' }));
    const mentioning = plain.map((p) => ({ ...p, dates: [date], people: [person] }));
    const size = (list: ParagraphRecord[]) => ParagraphStore.fromRecords(list, files).toBuffer().byteLength;
    // Two 4-byte references a paragraph, the mentions themselves once.
    expect(size(mentioning) - size(plain)).toBeLessThan(1000 * 8 + 400);
    const read = ParagraphStore.fromBuffer(ParagraphStore.fromRecords(mentioning, files).toBuffer(), files);
    expect(read.people(999)).toEqual([person]);
    expect(read.dates(0)).toEqual([date]);
    expect(read.hasMentions(500)).toBe(true);
  });

  it('refuses a store whose columns disagree or that names a missing document', () => {
    const bytes = ParagraphStore.fromRecords(records, files).toBuffer();
    expect(() => ParagraphStore.fromBuffer(bytes.subarray(0, bytes.byteLength - 40), files)).toThrow();
    expect(() => ParagraphStore.fromBuffer(bytes, ['a.txt'])).toThrow(/missing document/);
    expect(() => ParagraphStore.fromBuffer(Buffer.from('{"paragraphs":[]}'), files)).toThrow();
  });

  it('refuses records out of id order and an id it does not hold', () => {
    expect(() => ParagraphStore.fromRecords([records[1]!], files)).toThrow(/position 0/);
    expect(() => ParagraphStore.fromRecords(records, files).get(4)).toThrow(RangeError);
  });
});
