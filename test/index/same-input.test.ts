import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import type { KeywordIndex } from '../../src/index/keyword.js';
import { readGeneration } from '../../src/index/store.js';

/**
 * Same input, same index: a corpus built in several incremental steps gives
 * byte for byte the postings of the same corpus built in one go, also when a
 * later step brings a name (a jieba user word) that earlier paragraphs contain.
 */

const BUNDLED = path.resolve('corpus');
const BUNDLED_FILES = ['000_9954a45cdba6c14f.txt', '001_499b33f32ebe2c5e.txt', '002_d5e4687daec02d80.txt', '003_3b49a103faae7710.txt', '004_b6ae09326c15c488.txt'];
/** Without user words jieba cuts 会议由王一鸥主持 into 会议|由王|一鸥|主持; only b.txt makes 王一鸥 a person (with a role). */
const EXTRA: Record<string, string> = {
  'extra/a.txt': '# 会议报道\n\n会议由王一鸥主持，要求抓好项目建设。\n\n会议还研究了其他事项。\n',
  'extra/b.txt': '# 调研\n\n副省长王一鸥在长沙调研项目建设情况。\n',
};

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'same-input-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes exactly `files` into the corpus folder (removing the others). */
function setCorpus(dir: string, files: string[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const target = path.join(dir, f);
    mkdirSync(path.dirname(target), { recursive: true });
    if (EXTRA[f]) writeFileSync(target, EXTRA[f]!);
    else cpSync(path.join(BUNDLED, f), target);
  }
}

/**
 * Every field's postings in a canonical form: term → the bytes of its list
 * (document-id gaps, then term frequencies), empty lists left out (an update
 * keeps emptied terms in the vocabulary), plus the field's document lengths.
 */
function postings(keyword: KeywordIndex): Record<string, { terms: Record<string, string>; lengths: string }> {
  const { meta, buffers } = keyword.toParts() as { meta: { fields: Array<{ name: string; terms: string[] }> }; buffers: Buffer[] };
  const out: Record<string, { terms: Record<string, string>; lengths: string }> = {};
  meta.fields.forEach((field, f) => {
    const [offsetBytes, startBytes, gaps, tfs, lengths] = buffers.slice(f * 5, f * 5 + 5) as [Buffer, Buffer, Buffer, Buffer, Buffer];
    const offsets = new Uint32Array(Uint8Array.from(offsetBytes).buffer);
    const starts = new Uint32Array(Uint8Array.from(startBytes).buffer);
    const terms: Record<string, string> = {};
    field.terms.forEach((term, id) => {
      if (offsets[id + 1] === offsets[id]) return;
      terms[term] = gaps.subarray(starts[id], starts[id + 1]).toString('hex') + '/' + tfs.subarray(offsets[id], offsets[id + 1]).toString('hex');
    });
    out[field.name] = { terms: Object.fromEntries(Object.entries(terms).sort(([a], [b]) => (a < b ? -1 : 1))), lengths: lengths.toString('hex') };
  });
  return out;
}

describe('same input, same index', () => {
  it('gives the same postings built in steps as built at once', async () => {
    const corpusDir = path.join(work, 'steps', 'corpus');
    const indexDir = path.join(work, 'steps', 'index');
    const [f0, f1, f2, f3, f4] = BUNDLED_FILES as [string, string, string, string, string];
    const steps = [
      [f0, f1, 'extra/a.txt'],
      [f0, f1, f2, 'extra/a.txt'],
      // b.txt makes 王一鸥 a name: a.txt, kept as it is, must be segmented again; 001 goes.
      [f0, f2, f3, f4, 'extra/a.txt', 'extra/b.txt'],
    ];
    for (const [i, files] of steps.entries()) {
      setCorpus(corpusDir, files);
      // The last step merges the segments the others added into one, whose postings are compared.
      await buildIndex({ corpusDir, indexDir, embedder: null, ...(i === steps.length - 1 ? { mergePolicy: { maxSegments: 1, maxDeletedShare: 0 } } : {}) });
    }
    const stepwise = (await readGeneration(indexDir))!;
    expect(stepwise.parts).toHaveLength(1);

    const fullCorpus = path.join(work, 'full', 'corpus');
    setCorpus(fullCorpus, steps.at(-1)!);
    // The same folder name, so the manifests' corpus paths do not matter: only postings are compared.
    const full = (await buildIndex({ corpusDir: fullCorpus, indexDir: path.join(work, 'full', 'index'), embedder: null, full: true })).data!;

    expect([...stepwise.paragraphs].map((p) => [p.file, p.paragraph])).toEqual([...full.paragraphs].map((p) => [p.file, p.paragraph]));
    const a = postings(stepwise.parts[0]!.segment.keyword);
    const b = postings(full.parts[0]!.segment.keyword);
    // The name is a whole word in both, found in a.txt's paragraph as well as b.txt's.
    const nameDocs = (p: typeof a) => p.word!.terms['王一鸥'];
    expect(nameDocs(a)).toBeDefined();
    expect(nameDocs(a)).toBe(nameDocs(b));
    expect(a).toEqual(b);
  });
});
