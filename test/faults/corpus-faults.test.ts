/**
 * The corpus folder is the boundary: nothing outside it (a symlink to `.env`,
 * say) is read, and every file skipped is named — FIFOs, sockets, dangling and
 * looping links included.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCorpusFiles } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build.js';
import { readGeneration } from '../../src/index/store.js';

const ARTICLE = '三湘都市报6月14日讯 今日下午，省委书记主持召开省委常委会议。\n\n会议还研究了其他事项。\n';
const SECRET = 'DISCORD_TOKEN=MTIzNDU2Nzg5.secret.token';

let work: string;
let corpus: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'faults-corpus-'));
  corpus = path.join(work, 'corpus');
  mkdirSync(corpus);
  writeFileSync(path.join(corpus, 'a.txt'), ARTICLE);
  writeFileSync(path.join(work, '.env'), SECRET);
  writeFileSync(path.join(work, 'outside.txt'), '外面的文章，不属于语料。');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('reading the corpus folder', () => {
  it('follows links only inside the folder and names every link it skips', async () => {
    mkdirSync(path.join(corpus, 'sub'));
    writeFileSync(path.join(corpus, 'sub', 'b.txt'), ARTICLE.replace('其他', '别的'));
    writeFileSync(path.join(corpus, '.env'), SECRET);
    symlinkSync(path.join(work, '.env'), path.join(corpus, 'token.txt'));
    symlinkSync('../outside.txt', path.join(corpus, 'outside.txt'));
    symlinkSync(work, path.join(corpus, 'parent'));
    symlinkSync('.env', path.join(corpus, 'hidden.txt'));
    symlinkSync('sub/b.txt', path.join(corpus, 'inside.md'));
    symlinkSync('sub', path.join(corpus, 'again'));
    symlinkSync('nowhere.txt', path.join(corpus, 'dangling.txt'));
    symlinkSync('loop2.txt', path.join(corpus, 'loop1.txt'));
    symlinkSync('loop1.txt', path.join(corpus, 'loop2.txt'));
    const { files, warnings } = await readCorpusFiles(corpus);
    // inside.md and sub/b.txt are one file: indexed once, under the first name; `again` (a link to sub) adds nothing.
    expect(files.map((f) => f.file)).toEqual(['a.txt', 'inside.md']);
    const byFile = Object.fromEntries(warnings.map((w) => [w.file, w.id]));
    expect(byFile).toMatchObject({
      'token.txt': 'corpus.outside',
      'outside.txt': 'corpus.outside',
      parent: 'corpus.outside',
      'hidden.txt': 'corpus.outside',
      'dangling.txt': 'corpus.broken_link',
      'loop1.txt': 'corpus.link_loop',
      'loop2.txt': 'corpus.link_loop',
      // The same file reached twice is indexed once.
      'sub/b.txt': 'corpus.duplicate',
    });
    for (const f of files) expect(f.bytes!.toString()).not.toContain('secret');
  });

  it('skips FIFOs and sockets by name without blocking on them', async () => {
    execFileSync('mkfifo', [path.join(corpus, 'pipe.txt')]);
    const server = createServer();
    await new Promise<void>((r) => server.listen(path.join(corpus, 'socket.txt'), r));
    try {
      const { files, warnings } = await readCorpusFiles(corpus);
      expect(files.map((f) => f.file)).toEqual(['a.txt']);
      expect(warnings.map((w) => [w.file, w.id])).toEqual(
        expect.arrayContaining([
          ['pipe.txt', 'corpus.not_regular'],
          ['socket.txt', 'corpus.not_regular'],
        ]),
      );
      expect(warnings.find((w) => w.file === 'pipe.txt')!.message).toContain('named pipe');
    } finally {
      server.close();
    }
  });

  it('a link to the bot token never reaches the index', async () => {
    symlinkSync(path.join(work, '.env'), path.join(corpus, 'leak.txt'));
    const indexDir = path.join(work, 'index');
    await buildIndex({ corpusDir: corpus, indexDir, embedder: null });
    const data = await readGeneration(indexDir);
    expect(JSON.stringify(data!.paragraphs)).not.toContain('secret');
    expect(Object.keys(data!.manifest.files)).toEqual(['a.txt']);
  });
});

describe('small faults in the text', () => {
  it('one stray 0xFF byte drops that byte with a warning, not the article', async () => {
    const text = Buffer.from(ARTICLE.repeat(4));
    const at = text.indexOf(Buffer.from('省委书记'));
    writeFileSync(path.join(corpus, 'a.txt'), Buffer.concat([text.subarray(0, at), Buffer.from([0xff]), text.subarray(at)]));
    const { parseDocument, readCorpusFiles } = await import('../../src/corpus/index.js');
    const read = await readCorpusFiles(corpus);
    const parsed = read.files.map((f) => parseDocument(f.file, f.bytes!));
    const documents = parsed.flatMap((p) => (p.document ? [p.document] : []));
    const warnings = [...read.warnings, ...parsed.flatMap((p) => p.warnings)];
    expect(documents).toHaveLength(1);
    expect(documents[0]!.encoding).toBe('utf-8');
    expect(documents[0]!.articles[0]!.paragraphs[0]!.text).toContain('省委书记主持召开');
    expect(JSON.stringify(documents)).not.toContain('\uFFFD');
    expect(warnings).toEqual([expect.objectContaining({ file: 'a.txt', id: 'corpus.stray_bytes' })]);
  });

  it('a GB18030 file is still read as GB18030, not as UTF-8 with stray bytes', async () => {
    const { decodeText, gb18030Bytes } = await import('../../src/corpus/encoding.js');
    const decoded = decodeText(gb18030Bytes(ARTICLE.repeat(3))!);
    expect(decoded).toMatchObject({ ok: true, encoding: 'gb18030', text: ARTICLE.repeat(3) });
  });
});
