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
