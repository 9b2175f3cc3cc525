import { statSync, utimesSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { bytesOf, parseDocument, readCorpusFiles } from '../../src/corpus/index.js';
import { RACY_MS, settled, unchangedSince } from '../../src/corpus/read.js';

const ARTICLE = '三湘都市报6月14日讯 今日下午，省委书记、省人大常委会主任张庆伟主持召开省委常委会议。\n\n会议还研究了其他事项。\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'corpus-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), content);
}

async function userErrorOf(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('readCorpusFiles', () => {
  it('reads .txt and .md files recursively, sorted, with forward-slash paths, skipping hidden ones', async () => {
    await put('b.txt', ARTICLE);
    await put('sub/a.md', `# 标题\n\n${ARTICLE.replace('今日下午', '今日上午')}`);
    await put('sub/deeper/c.TXT', ARTICLE.replace('会议', '会议还'));
    await put('notes.json', '{}');
    await put('.hidden.txt', ARTICLE);
    await put('.git/x.txt', ARTICLE);
    const { files, warnings } = await readCorpusFiles(dir);
    expect(files.map((f) => f.file)).toEqual(['b.txt', 'sub/a.md', 'sub/deeper/c.TXT']);
    expect(warnings).toEqual([]);
    expect(files[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('indexes a duplicate once and names both files', async () => {
    await put('a.txt', ARTICLE);
    await put('copy/a.txt', ARTICLE);
    const { files, warnings } = await readCorpusFiles(dir);
    expect(files.map((f) => f.file)).toEqual(['a.txt']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: 'copy/a.txt', id: 'corpus.duplicate' });
    expect(warnings[0]!.message).toContain('a.txt');
  });

  it('skips empty and too large files with warnings', async () => {
    await put('empty.txt', '  \n');
    await put('big.txt', ARTICLE.repeat(20));
    await put('ok.txt', ARTICLE);
    const { files, warnings } = await readCorpusFiles(dir, { maxBytes: 1000 });
    expect(files.map((f) => f.file)).toEqual(['ok.txt']);
    expect(warnings.map((w) => [w.file, w.id])).toEqual([
      ['big.txt', 'corpus.too_large'],
      ['empty.txt', 'corpus.empty_file'],
    ]);
  });

  it('throws corpus.empty for a folder without articles and corpus.missing for no folder', async () => {
    await put('readme.json', '{}');
    const empty = await userErrorOf(readCorpusFiles(dir));
    expect(empty.id).toBe('corpus.empty');
    expect(empty.message).toMatch(/\.txt or \.md/);
    const missing = await userErrorOf(readCorpusFiles(path.join(dir, 'nope')));
    expect(missing.id).toBe('corpus.missing');
    expect(missing.message).toMatch(/CORPUS_DIR|--corpus/);
  });
});

describe('parseDocument', () => {
  it('lets front matter override what is inferred', () => {
    const text = `---\ntitle: "会议标题"\ndate: 2022-06\nsource: 湖南日报\nurl: https://example.com/a\n---\n${ARTICLE}`;
    const { document, warnings } = parseDocument('a.md', Buffer.from(text));
    expect(warnings).toEqual([]);
    const [article] = document!.articles;
    expect(article).toMatchObject({ title: '会议标题', date: { year: 2022, month: 6, day: null }, source: '湖南日报', url: 'https://example.com/a' });
    // The front-matter date is the publish date the paragraphs' dates take their year from.
    expect(article!.paragraphs[0]!.dates[0]).toMatchObject({ start: { year: 2022, month: 6, day: 14 }, yearInferred: true });
  });

  it('warns about a front-matter date it cannot read and infers instead', () => {
    const { document, warnings } = parseDocument('a.md', Buffer.from(`---\ndate: soon\n---\n${ARTICLE}`));
    expect(warnings.map((w) => w.id)).toEqual(['corpus.front_matter']);
    expect(document!.articles[0]!.date).toEqual({ year: null, month: 6, day: 14 });
  });

  it('reads the publish date and outlet of a stamp line', () => {
    const page = `湖南召开会议\n2024-02-19 10:00 来源：新华网 作者：张三\n${ARTICLE}`;
    const [article] = parseDocument('a.txt', Buffer.from(page)).document!.articles;
    expect(article).toMatchObject({ title: '湖南召开会议', date: { year: 2024, month: 2, day: 19 }, source: '三湘都市报' });
    const undated = parseDocument('b.txt', Buffer.from(`湖南召开会议\n2024-02-19 10:00 来源：新华网\n会议还研究了其他事项。`)).document!;
    expect(undated.articles[0]).toMatchObject({ date: { year: 2024, month: 2, day: 19 }, source: '新华网' });
    expect(undated.articles[0]!.paragraphs.map((p) => p.text)).toEqual(['会议还研究了其他事项。']);
  });

  it('keeps the text of a file that is a single paragraph', () => {
    const context = '范廷颂枢机（1919年6月15日－2009年2月22日），圣名保禄·若瑟，是越南罗马天主教枢机。';
    const { document } = parseDocument('ctx.txt', Buffer.from(context));
    expect(document!.articles[0]!.paragraphs.map((p) => p.text)).toEqual([context]);
  });

  it('warns when nothing is left to quote', () => {
    const { document, warnings } = parseDocument('nav.txt', Buffer.from('首页 > 新闻 > 湖南要闻\n分享到微信朋友圈\n'));
    expect(document).toBeNull();
    expect(warnings.map((w) => w.id)).toEqual(['corpus.no_passages']);
  });
});

describe('files unchanged since the last index are not read again', () => {
  const stamp = { size: 100, mtimeMs: 1_000_000, ctimeMs: 1_000_000, ino: 7 };

  it('compares size, modification and change times and inode; a stamp vouches only for a file changed a tick or more before it was read', () => {
    expect(unchangedSince(stamp, { ...stamp })).toBe(true);
    expect(unchangedSince(undefined, stamp)).toBe(false);
    for (const change of [{ size: 101 }, { mtimeMs: stamp.mtimeMs + 1 }, { ctimeMs: stamp.ctimeMs + 0.5 }, { ino: 8 }]) {
      expect(unchangedSince(stamp, { ...stamp, ...change }), JSON.stringify(change)).toBe(false);
    }
    // Changed within RACY_MS before it was read: a change in the same clock tick could keep every field.
    expect(settled(stamp, stamp.mtimeMs + RACY_MS)).toBe(false);
    expect(settled({ ...stamp, ctimeMs: stamp.mtimeMs + 5000 }, stamp.mtimeMs + RACY_MS + 1)).toBe(false);
    expect(settled(stamp, stamp.mtimeMs + RACY_MS + 1)).toBe(true);
  });

  it('skips the bytes of a file whose stamp is the one recorded, reads one rewritten at the same size and time, records no stamp of a file just written', async () => {
    await put('a.txt', ARTICLE);
    await put('b.txt', ARTICLE.replace('会议', '大会'));
    // Just written: no stamp can vouch for them yet.
    expect((await readCorpusFiles(dir)).files.map((f) => f.stamp)).toEqual([undefined, undefined]);
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of ['a.txt', 'b.txt']) utimesSync(path.join(dir, f), hourAgo, hourAgo);
    // The change time is the kernel's (now): recorded stamps are tested on their own above; here, as if recorded.
    const first = await readCorpusFiles(dir);
    const known = Object.fromEntries(first.files.map((f) => [f.file, { hash: f.hash, stamp: { size: f.size, ...stampOf(path.join(dir, f.file)) } }]));
    const again = await readCorpusFiles(dir, { known });
    expect(again.files.map((f) => [f.file, f.bytes, f.hash])).toEqual(first.files.map((f) => [f.file, null, f.hash]));
    expect(bytesOf(again.files[0]!).toString('utf8')).toBe(ARTICLE);

    // Same length, modification time set back: the change time still differs, so it is read.
    const b = path.join(dir, 'b.txt');
    await writeFile(b, ARTICLE.replace('会议', '全会'));
    utimesSync(b, hourAgo, hourAgo);
    const third = await readCorpusFiles(dir, { known });
    const changed = third.files.find((f) => f.file === 'b.txt')!;
    expect(changed.bytes?.toString('utf8')).toBe(ARTICLE.replace('会议', '全会'));
    expect(changed.hash).not.toBe(known['b.txt']!.hash);
    expect(third.files.find((f) => f.file === 'a.txt')!.bytes).toBeNull();
  });
});

/** A file's stamp fields as fstat gives them. */
function stampOf(file: string): { mtimeMs: number; ctimeMs: number; ino: number } {
  const s = statSync(file);
  return { mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino };
}
