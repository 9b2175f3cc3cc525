import { describe, expect, it } from 'vitest';
import { KeywordIndex, KeywordIndexBuilder, type FieldTokens } from '../../src/index/keyword.js';
import { tokensFor } from '../../src/index/fields.js';
import { NO_USER_WORDS } from '../../src/text/segment.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { mulberry32 } from '../../src/util/random.js';
import { DEFAULT_KEYWORD_OPTIONS } from '../../src/index/keyword.js';

const docs = [
  '省委书记沈晓明主持召开省委常委会会议',
  '毛伟明在全省市州长视频会上强调打好发展六仗',
  '湖南日报全媒体记者邓晶琨报道省政府党组会议',
  '沈晓明再赴怀化调研经济社会发展情况',
];
const tok = (s: string): FieldTokens => tokensFor(normalizeForMatch(s), '', NO_USER_WORDS);

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

  it('a merge of segments scores exactly like a fresh build', () => {
    const before = build(docs);
    // Drop doc 1, keep 0, 2, 3 (renumbered 0, 1, 2) and merge in a segment of one new document as 3.
    const remap = Int32Array.from([0, -1, 1, 2]);
    const added = '副省长李建中赴怀化督导';
    const updated = KeywordIndex.merge([{ index: before, remap }, { index: build([added]), remap: Int32Array.from([3]) }], 4);
    const fresh = build([docs[0]!, docs[2]!, docs[3]!, added]);
    for (const q of ['怀化', '沈晓明', '发展六仗', '省政府党组会议']) {
      const a = updated.search(tok(q), 4);
      const b = fresh.search(tok(q), 4);
      expect(a.map((h) => h.doc)).toEqual(b.map((h) => h.doc));
      a.forEach((h, i) => expect(h.score).toBeCloseTo(b[i]!.score, 5));
    }
  });

  it('skips a character that most paragraphs of a large corpus contain, and only then', () => {
    const large = Array.from({ length: 2000 }, (_, i) => (i % 7 === 0 ? '怀化的调研' : '长沙的会议'));
    const index = build(large);
    // 的 is in all 2,000 paragraphs, beyond half of them and beyond 1,000: it adds nothing.
    expect(index.search({ char: ['的', '怀'] }, 5)).toEqual(index.search({ char: ['怀'] }, 5));
    // 明 is in three of the four paragraphs of the small corpus, but short lists are always scored.
    expect(build(docs).search({ char: ['明'] }, 5).length).toBe(3);
  });

  describe('search returns exactly the exhaustive top k', () => {
    // Skewed character frequencies, like Chinese text: a few characters in almost every
    // paragraph, many rare ones, and ties the top-k heap must order as a full sort would.
    const alphabet = [...'的是在了和省市县委书记会议发展经济调研怀化长沙湘潭株洲岳阳常德衡阳邵阳益阳娄底郴州永州张家界'];
    const random = mulberry32(7);
    const pick = () => alphabet[Math.floor(alphabet.length * random() ** 2.5)]!;
    const text = (n: number) => Array.from({ length: n }, pick).join('');
    const corpus = Array.from({ length: 1500 }, () => text(8 + Math.floor(random() * 60)));
    const queries = Array.from({ length: 60 }, () => text(4 + Math.floor(random() * 20)));

    /** Plain BM25F over every document: the definition the pruned search must agree with. */
    function exhaustive(docTokens: FieldTokens[], q: string) {
      const { k1, b, fields } = DEFAULT_KEYWORD_OPTIONS;
      const query = tok(q);
      const scores = new Map<number, number>();
      for (const { name, weight, maxDocShare } of fields) {
        const lengths = docTokens.map((t) => (t[name] ?? []).length);
        const avg = lengths.reduce((a, x) => a + x, 0) / docTokens.length;
        for (const term of new Set(query[name] ?? [])) {
          const tfs = docTokens.map((t) => (t[name] ?? []).filter((x) => x === term).length);
          const df = tfs.filter((x) => x > 0).length;
          // Terms in too many documents are the corpus's stop words and are skipped.
          if (!df || df > Math.max((maxDocShare ?? 1) * docTokens.length, 1000)) continue;
          const idf = Math.log(1 + (docTokens.length - df + 0.5) / (df + 0.5));
          tfs.forEach((tf, d) => {
            if (!tf) return;
            const norm = avg > 0 ? 1 - b + (b * lengths[d]!) / avg : 1;
            scores.set(d, (scores.get(d) ?? 0) + (weight * idf * tf * (k1 + 1)) / (tf + k1 * norm));
          });
        }
      }
      return scores;
    }

    function expectSame(index: KeywordIndex, docTokens: FieldTokens[], q: string, top: number, allowed?: (d: number) => boolean) {
      const got = index.search(tok(q), top, allowed);
      const scores = exhaustive(docTokens, q);
      const want = [...scores]
        .filter(([d]) => !allowed || allowed(d))
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .slice(0, top);
      expect(got.length).toBe(want.length);
      got.forEach((h, i) => {
        expect(h.score).toBeCloseTo(want[i]![1], 4);
        // Equal scores may swap places; a returned document must carry its own exact score.
        expect(h.score).toBeCloseTo(scores.get(h.doc)!, 4);
      });
    }

    it('for every query, depth and filter', () => {
      const index = build(corpus);
      const docTokens = corpus.map(tok);
      for (const [i, q] of queries.entries()) {
        const top = [1, 5, 30][i % 3]!;
        expectSame(index, docTokens, q, top, i % 4 === 0 ? (d) => d % 3 !== 0 : undefined);
      }
    });

    it('after a merge that puts rewritten paragraphs between kept ones', () => {
      const before = build(corpus);
      // Every 10th paragraph is rewritten in place, so the new segment's ids sit between kept ones.
      const after = corpus.map((t, i) => (i % 10 === 0 ? text(30) : t));
      const remap = Int32Array.from(corpus, (_, i) => (i % 10 === 0 ? -1 : i));
      const rewritten = after.flatMap((t, i) => (i % 10 === 0 ? [{ doc: i, t }] : []));
      const updated = KeywordIndex.merge(
        [
          { index: before, remap },
          { index: build(rewritten.map((r) => r.t)), remap: Int32Array.from(rewritten, (r) => r.doc) },
        ],
        after.length,
      );
      const docTokens = after.map(tok);
      for (const q of queries.slice(0, 20)) expectSame(updated, docTokens, q, 10);
    });

    it('after a merge that reorders the kept paragraphs', () => {
      const before = build(corpus);
      // Kept paragraphs get ids in reverse here.
      const remap = Int32Array.from(corpus, (_, i) => corpus.length - 1 - i);
      const updated = KeywordIndex.merge([{ index: before, remap }], corpus.length);
      const docTokens = [...corpus].reverse().map(tok);
      for (const q of queries.slice(0, 10)) expectSame(updated, docTokens, q, 10);
    });
  });
});
