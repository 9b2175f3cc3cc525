import { describe, expect, it } from 'vitest';
import { KeywordIndex, KeywordIndexBuilder, type FieldTokens } from '../../src/index/keyword.js';
import { tokensFor } from '../../src/index/fields.js';
import { normalizeForMatch } from '../../src/text/normalize.js';

const docs = [
  '省委书记沈晓明主持召开省委常委会会议',
  '毛伟明在全省市州长视频会上强调打好发展六仗',
  '湖南日报全媒体记者邓晶琨报道省政府党组会议',
  '沈晓明再赴怀化调研经济社会发展情况',
];
const tok = (s: string): FieldTokens => tokensFor(normalizeForMatch(s), '');

function build(texts: string[]): KeywordIndex {
  const b = new KeywordIndexBuilder();
  for (const t of texts) b.add(tok(t));
  return b.build();
}

describe('keyword index', () => {
  it('ranks the paragraph sharing the rare terms first', () => {
    const index = build(docs);
    // 怀化 occurs only in doc 3; 沈晓明 in docs 0 and 3, so doc 3 has both.
    expect(index.search(tok('沈晓明去怀化做什么'), 3)[0]!.doc).toBe(3);
    expect(index.search(tok('发展六仗'), 3)[0]!.doc).toBe(1);
  });

  it('matches a term inside a longer word through bigrams', () => {
    const index = build(docs);
    // 晓明 is not a jieba word of the documents, but its bigram is in 沈晓明 (docs 0 and 3);
    // doc 1 (毛伟明) shares only the character 明 and ranks below both.
    const hits = index.search(tok('晓明'), 5).map((h) => h.doc);
    expect(hits.slice(0, 2).sort()).toEqual([0, 3]);
    expect(hits.slice(2)).toEqual([1]);
  });

  it('respects a filter before ranking', () => {
    const index = build(docs);
    const hits = index.search(tok('沈晓明'), 5, (d) => d !== 0).map((h) => h.doc);
    expect(hits[0]).toBe(3);
    expect(hits).not.toContain(0);
  });

  it('survives a round trip through its serialised parts', () => {
    const index = build(docs);
    const { meta, buffers } = index.toParts();
    const copy = KeywordIndex.fromParts(JSON.parse(JSON.stringify(meta)), buffers.map((b) => Buffer.from(b)));
    expect(copy.search(tok('省委常委会'), 4)).toEqual(index.search(tok('省委常委会'), 4));
  });

  it('an incremental update scores exactly like a fresh build', () => {
    const before = build(docs);
    // Drop doc 1, keep 0, 2, 3 (renumbered 0, 1, 2) and add a new one as 3.
    const remap = Int32Array.from([0, -1, 1, 2]);
    const added = '副省长李建中赴怀化督导';
    const updated = before.update(remap, 4, [{ doc: 3, tokens: tok(added) }]);
    const fresh = build([docs[0]!, docs[2]!, docs[3]!, added]);
    for (const q of ['怀化', '沈晓明', '发展六仗', '省政府党组会议']) {
      const a = updated.search(tok(q), 4);
      const b = fresh.search(tok(q), 4);
      expect(a.map((h) => h.doc)).toEqual(b.map((h) => h.doc));
      a.forEach((h, i) => expect(h.score).toBeCloseTo(b[i]!.score, 5));
    }
  });
});
