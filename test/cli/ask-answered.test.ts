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
    // 003 names no outlet of its own: the photographers' (湖南日报) is cited, marked as taken from the credit.
    expect(out.hits[0].citation).toMatchObject({ source: '湖南日报', sourceInferred: true });
    expect(Object.keys(out.hits[0])).toEqual(expect.arrayContaining(['file', 'paragraph', 'score', 'text', 'sentences']));
    expect(out.credit).toEqual({ kind: 'photo', subject: '李殿勋在igbt产业园调研', outcome: 'credited', names: [{ name: '杨佳俊', role: '摄影' }] });
  });

  it('keeps a caption found first as the paragraph retrieved, as search gives it, with the line it continues in its span', () => {
    const index = path.join(work, 'index');
    const question = '毛伟明在湖南现代石化中试基地调研的照片是谁拍的';
    const out = JSON.parse(cli('ask', question, '--index', index, '--json'));
    const hit = out.hits[0];
    expect(hit).toMatchObject({ kind: 'caption', span: { first: hit.paragraph - 1, last: hit.paragraph, kinds: ['text', 'caption'] } });
    // The line before the caption is quoted first, then the caption: the passage's text starts with the line.
    expect(hit.text.split('\n')).toHaveLength(2);
    expect(hit.text.split('\n')[1]).toContain('刘尚文');
  });

  it('says true with the answering sentences and the span of a lead-in with its list', () => {
    const out = JSON.parse(cli('ask', '湖南省领导下沉各市州督导有哪些突出重点', '--index', path.join(work, 'index'), '--json'));
    expect(out.answered).toBe(true);
    expect(out.hits[0].span).toMatchObject({ first: out.hits[0].paragraph, last: out.hits[0].paragraph + 6 });
    expect(out.hits[0].sentences.length).toBeGreaterThan(1);
  });
});

describe('ask cites paragraphs as a reader counts them in the article', () => {
  it('numbers the third report of a three-report file from its own lead; JSON paragraph stays the file position', () => {
    // 000 holds three reports; the third (产业工人) starts at the file's 14th paragraph, and its 技能人才 paragraph is its 7th.
    const text = cli('ask', '全省技能人才总量有多少', '--index', path.join(work, 'index'));
    expect(text).toMatch(/第7段 · \*\*目前，全省技能人才总量532万人/);
    const out = JSON.parse(cli('ask', '全省技能人才总量有多少', '--index', path.join(work, 'index'), '--json'));
    expect(out.hits[0]).toMatchObject({ file: '000_9954a45cdba6c14f.txt', paragraph: 19, articleParagraphs: { first: 7, last: 7 } });
  });

  it('skips photo captions when counting, in a traditional report, and counts a lead-in with its list as a range', () => {
    // 004: lead, caption, 會議指出, 會議要求…: the 會議要求 paragraph is the third of the text.
    const trad = cli('ask', '聚焦打造三個高地解放思想大抓落實', '--index', path.join(work, 'index'), '--top', '1');
    expect(trad).toMatch(/^\[1\] (\*\*)?會議要求，/m);
    expect(trad).toMatch(/ · 第3段\n$/);
    // 003's lead-in and six items: its 19th to 25th text paragraphs (three captions come before them).
    const out = JSON.parse(cli('ask', '湖南省领导下沉各市州督导有哪些突出重点', '--index', path.join(work, 'index'), '--json'));
    expect(out.hits[0].articleParagraphs).toEqual({ first: 19, last: 25 });
    expect(cli('ask', '湖南省领导下沉各市州督导有哪些突出重点', '--index', path.join(work, 'index'))).toContain('第19–25段');
  });

  it('shows the article a JSON hit is in under the same labels: the cited paragraph found without counting, in either script', () => {
    const index = ['--index', path.join(work, 'index')];
    const hit = JSON.parse(cli('ask', '全省技能人才总量有多少', ...index, '--json')).hits[0];
    const article = cli('article', hit.file, '--paragraph', String(hit.paragraph), ...index);
    expect(article).toContain('\n> 第7段\n> 目前，全省技能人才总量532万人');
    expect(article).toContain('\n第1段\n三湘都市报6月14日讯 今日，全省推进产业工人队伍建设改革工作会议召开');
    expect(article).toMatch(/\n署名\n■全媒体记者 王智芳 通讯员 廖为\n$/);
    expect(article).not.toContain('张庆伟'); // the file's first report is another article
    // 004 (traditional): the caption is named, the paragraph after it is the 2nd.
    const trad = cli('article', '004_b6ae09326c15c488.txt', '--paragraph', '3', ...index);
    expect(trad).toContain('\n圖片說明\n2月19日下午，省委副書記');
    expect(trad).toContain('\n第2段\n會議指出');
    expect(trad).toContain('\n> 第3段\n> 會議要求');
    const json = JSON.parse(cli('article', '004_b6ae09326c15c488.txt', '--paragraph', '3', ...index, '--json'));
    expect(json.paragraphs.map((p: { number: number | null }) => p.number)).toEqual([1, null, 2, 3, 4, null, null]);
  });

  it('says what article needs when the file is missing or unknown', () => {
    const run = (...args: string[]) => {
      try {
        cli(...args);
        return { status: 0, stderr: '' };
      } catch (e) {
        const err = e as { status: number; stderr: string };
        return { status: err.status, stderr: String(err.stderr) };
      }
    };
    const missing = run('article', '--index', path.join(work, 'index'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('article needs a file');
    const unknown = run('article', 'nope.txt', '--index', path.join(work, 'index'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});
