import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, gb18030Bytes, isCommonHanzi } from '../../src/corpus/encoding.js';
import { parseDocument } from '../../src/corpus/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/encodings');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

function decoded(bytes: Uint8Array): { text: string; encoding: string } {
  const r = decodeText(bytes);
  if (!r.ok) throw new Error(r.detail);
  return { text: r.text, encoding: r.encoding };
}

describe('decodeText', () => {
  it('tells GBK from Big5 bytes of the same characters', () => {
    // 湖南: GBK BA FE C4 CF, Big5 B4 F2 AB 6E. Each also decodes in the other encoding, to rarer characters.
    expect(decoded(Uint8Array.from([0xba, 0xfe, 0xc4, 0xcf]))).toEqual({ text: '湖南', encoding: 'gb18030' });
    expect(decoded(Uint8Array.from([0xb4, 0xf2, 0xab, 0x6e]))).toEqual({ text: '湖南', encoding: 'big5' });
  });

  it('decodes a GB18030 file', () => {
    const { text, encoding } = decoded(fixture('gb18030.txt'));
    expect(encoding).toBe('gb18030');
    expect(text).toContain('三湘都市报6月14日讯 今日下午，省委书记、省人大常委会主任张庆伟');
  });

  it('decodes a Big5 file', () => {
    const { text, encoding } = decoded(fixture('big5.txt'));
    expect(encoding).toBe('big5');
    expect(text).toContain('省委副書記、省長、省政府黨組書記毛偉明主持召開省政府黨組會議');
  });

  it('strips a UTF-8 byte-order mark', () => {
    const { text, encoding } = decoded(fixture('utf8-bom.txt'));
    expect(encoding).toBe('utf-8');
    expect(text.startsWith('张庆伟')).toBe(true);
  });

  it('prefers UTF-8 whenever the bytes are valid UTF-8', () => {
    expect(decoded(Buffer.from('湖南日报 News', 'utf8'))).toEqual({ text: '湖南日报 News', encoding: 'utf-8' });
  });

  it('decodes UTF-16 with a byte-order mark', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('湖南', 'utf16le')]);
    expect(decoded(le)).toEqual({ text: '湖南', encoding: 'utf-16le' });
  });

  it('calls bytes with NUL binary, and bytes no encoding reads undecodable', () => {
    expect(decodeText(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toMatchObject({ ok: false, problem: 'binary' });
    expect(decodeText(Uint8Array.from([0x41, 0x80, 0xff, 0x42]))).toMatchObject({ ok: false, problem: 'undecodable' });
  });

  it('rejects text that decodes only to rare characters', () => {
    // Latin-1 French read as GB18030 gives valid but meaningless characters.
    const latin1 = Buffer.from('Le président a visité la société générale à Pékin en été, déjà célèbre. '.repeat(3), 'latin1');
    expect(decodeText(latin1)).toMatchObject({ ok: false, problem: 'undecodable' });
  });
});

describe('GB18030 tables', () => {
  it('encodes characters back to their bytes', () => {
    expect([...gb18030Bytes('湖南a')!]).toEqual([0xba, 0xfe, 0xc4, 0xcf, 0x61]);
  });

  it('knows common characters in both scripts', () => {
    expect(isCommonHanzi('发')).toBe(true);
    expect(isCommonHanzi('發')).toBe(true);
    expect(isCommonHanzi('陚')).toBe(false);
  });
});

describe('parseDocument on legacy encodings', () => {
  it('parses a Big5 page into its article', () => {
    const { document, warnings } = parseDocument('big5.txt', fixture('big5.txt'));
    expect(warnings).toEqual([]);
    expect(document).toMatchObject({ encoding: 'big5', script: 'traditional' });
    const [article] = document!.articles;
    expect(article!.title).toBe('毛偉明主持召開省政府黨組會議');
    expect(article!.date).toEqual({ year: 2024, month: 2, day: 19 });
    expect(article!.paragraphs.map((p) => p.index)).toEqual([0, 1]);
    expect(article!.paragraphs[0]!.people[0]).toMatchObject({ key: '毛伟明', roles: ['省委副書記', '省長', '省政府黨組書記'] });
  });

  it('parses a GB18030 page', () => {
    const { document } = parseDocument('gb18030.txt', fixture('gb18030.txt'));
    expect(document).toMatchObject({ encoding: 'gb18030', script: 'simplified' });
    expect(document!.articles[0]!.source).toBe('三湘都市报');
  });

  it('skips a binary file with a warning naming it', () => {
    const { document, warnings } = parseDocument('images/photo.txt', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00]));
    expect(document).toBeNull();
    expect(warnings).toEqual([{ file: 'images/photo.txt', id: 'corpus.binary', message: expect.stringContaining('images/photo.txt') }]);
  });
});
