import { describe, expect, it } from 'vitest';
import { PEERS } from '../../bench/peers/index.js';
import { trigramOrQuery } from '../../bench/peers/sqlite.js';
import { fileOfDocId, paragraphDocs } from '../../bench/systems.js';

const docs = paragraphDocs([
  { file: 'a.txt', text: '长沙是湖南省的省会城市。\n橘子洲位于湘江之中。' },
  { file: 'b.txt', text: '北京大学创办于1898年，初名京师大学堂。' },
  { file: 'c.txt', text: '梵语是印度的古典语言，欧洲学者研究梵语。' },
]);

describe('peer adapters', () => {
  it('index paragraphs with file#paragraph ids', () => {
    expect(docs.map((d) => d.id)).toEqual(['a.txt#0', 'a.txt#1', 'b.txt#0', 'c.txt#0']);
    expect(fileOfDocId('dir/x#1.txt#3')).toBe('dir/x#1.txt');
  });

  for (const [name, make] of Object.entries(PEERS)) {
    it(`${name} finds the paragraph a question is about`, async () => {
      const peer = make();
      await peer.build(docs);
      expect((await peer.search('北京大学是哪一年创办的？', 3))[0]).toBe('b.txt#0');
      expect((await peer.search('橘子洲在哪条江中？', 3))[0]).toBe('a.txt#1');
      await peer.close?.();
    });
  }

  it('quotes trigrams as FTS5 strings', () => {
    expect(trigramOrQuery('a"bcd')).toBe('"a""b" OR """bc" OR "bcd"');
    expect(trigramOrQuery('ab')).toBe('');
  });
});
