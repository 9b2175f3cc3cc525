import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/present/messages.js';

const MAIN = path.resolve('src/cli/main.ts');
let work: string;
const env = () => ({ ...process.env, EMBEDDINGS: 'none', CORPUS_DIR: path.join(work, 'corpus'), INDEX_DIR: path.join(work, 'index') });
const cli = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: env(), encoding: 'utf8' });

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'cli-ask-'));
  cpSync(path.resolve('corpus'), path.join(work, 'corpus'), { recursive: true });
  cli('index', '--corpus', path.join(work, 'corpus'), '--index', path.join(work, 'index'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('ask --json carries whether the corpus answers', () => {
  it('says false for a question the corpus cannot answer, with the contract fields kept and nothing quoted as an answer', () => {
    const out = JSON.parse(cli('ask', '長沙的房價是多少', '--index', path.join(work, 'index'), '--json'));
    expect(out.answered).toBe(false);
    expect(out.hits.length).toBeGreaterThan(0);
    for (const h of out.hits) {
      expect(Object.keys(h)).toEqual(expect.arrayContaining(['file', 'paragraph', 'score', 'text', 'sentences']));
      expect(h.sentences).toEqual([]);
    }
    // The plain answer says so first (the catalogue's words), and marks nothing.
    const text = cli('ask', '长沙的房价是多少', '--index', path.join(work, 'index'));
    expect(text.startsWith(t('zh-Hans', 'ask.unanswered'))).toBe(true);
    expect(text).not.toContain('**');
  });

  it('answers who took a photo with its caption, the names as the quoted sentences, and the credit', () => {
    const out = JSON.parse(cli('ask', '李殿勋在IGBT产业园调研的照片是谁拍的', '--index', path.join(work, 'index'), '--json'));
    expect(out.answered).toBe(true);
    expect(out.hits[0]).toMatchObject({ file: '003_3b49a103faae7710.txt', kind: 'caption', sentences: ['杨佳俊'] });
    expect(Object.keys(out.hits[0])).toEqual(expect.arrayContaining(['file', 'paragraph', 'score', 'text', 'sentences']));
    expect(out.credit).toEqual({ kind: 'photo', subject: '李殿勋在igbt产业园调研', outcome: 'credited', names: [{ name: '杨佳俊', role: '摄影' }] });
  });

  it('says true with the answering sentences and the span of a lead-in with its list', () => {
    const out = JSON.parse(cli('ask', '湖南省领导下沉各市州督导有哪些突出重点', '--index', path.join(work, 'index'), '--json'));
    expect(out.answered).toBe(true);
    expect(out.hits[0].span).toMatchObject({ first: out.hits[0].paragraph, last: out.hits[0].paragraph + 6 });
    expect(out.hits[0].sentences.length).toBeGreaterThan(1);
  });
});
