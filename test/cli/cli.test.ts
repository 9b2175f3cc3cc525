import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The command line run as a real process, as docs/cli.md measures it: every
 * command's output shape, stdout holding only results, and the exit codes
 * (0; 2 for bad input, with the message on stderr; 1 for failures).
 */

const REPO = path.resolve('.');
const MAIN = path.join(REPO, 'src/cli/main.ts');
const TINY_MODEL = path.join(REPO, 'test/fixtures/tiny-model');
/** tsx resolved from the repository: the processes run in a temp folder, away from the repository's .env. */
const TSX = import.meta.resolve('tsx');
const FILES = ['002_d5e4687daec02d80.txt', '003_3b49a103faae7710.txt'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let work: string;
let corpus: string;
let lexical: string;

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, MAIN, ...args],
      // No .env of the developer's: every setting the run depends on is given here.
      { cwd: work, env: { PATH: process.env.PATH, HOME: work, EMBEDDINGS: 'none', ...env }, maxBuffer: 32 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Every stdout line is JSON: results only, nothing else. */
function jsonLines(r: Run): unknown[] {
  expect(r.stdout.endsWith('\n')).toBe(true);
  return r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
}

const hitShape = { file: expect.any(String), paragraph: expect.any(Number), score: expect.any(Number), text: expect.any(String) };

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'cli-test-'));
  corpus = path.join(work, 'corpus');
  for (const f of FILES) cpSync(path.join(REPO, 'corpus', f), path.join(corpus, f));
  lexical = path.join(work, 'lexical');
  const r = await cli(['index', '--corpus', corpus, '--index', lexical]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cli results', () => {
  it('index builds quietly on stdout, progress on stderr, and leaves an unchanged index as it is', async () => {
    const gens = readdirSync(lexical).filter((f) => f.startsWith('gen-'));
    expect(gens).toHaveLength(1);
    const again = await cli(['index', '--corpus', corpus, '--index', lexical, '--mode', 'lexical']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/corpus: 2 file/);
    expect(readdirSync(lexical).filter((f) => f.startsWith('gen-'))).toEqual(gens);
  });

  it('search --batch prints one JSON line per query, in order, each bad query with its error id', async () => {
    const batch = path.join(work, 'batch.jsonl');
    writeFileSync(batch, ['{"id": "a", "query": "沈晓明去了哪些地方调研"}', '', '{"id": 7, "query": "全省市州长视频会"}', '{"id": "empty", "query": "  "}'].join('\n'));
    const r = await cli(['search', '--index', lexical, '--batch', batch, '--top', '3', '--mode', 'lexical']);
    expect(r.code).toBe(0);
    const lines = jsonLines(r) as Array<{ id: string; hits: unknown[]; error?: string }>;
    expect(lines.map((l) => l.id)).toEqual(['a', '7', 'empty']);
    expect(lines[0]!.hits).toHaveLength(3);
    expect(lines[0]!.hits[0]).toEqual(hitShape);
    expect(lines[0]!.hits[0]).toMatchObject({ file: '003_3b49a103faae7710.txt' });
    expect(Object.keys(lines[0]!.hits[0] as object)).toEqual(['file', 'paragraph', 'score', 'text']);
    expect(lines[1]!.hits[0]).toMatchObject({ file: '002_d5e4687daec02d80.txt' });
    expect(lines[2]).toEqual({ id: 'empty', hits: [], error: 'query.empty' });
  });

  it('search with one query in quotes prints one line with id "q"', async () => {
    const r = await cli(['search', '沈曉明到衡陽調研', '--index', lexical, '--top', '2']);
    expect(r.code).toBe(0);
    const [line] = jsonLines(r) as Array<{ id: string; hits: Array<{ file: string }> }>;
    expect(line!.id).toBe('q');
    expect(line!.hits).toHaveLength(2);
    expect(line!.hits[0]!.file).toBe('003_3b49a103faae7710.txt');
  });

  it('ask --json gives the hits of search plus the quoted sentences and citations', async () => {
    const r = await cli(['ask', '毛伟明在全省市州长视频会上强调什么', '--index', lexical, '--top', '2', '--json']);
    expect(r.code).toBe(0);
    const [a] = jsonLines(r) as Array<{ question: string; mode: string; hits: Array<Record<string, unknown>>; warnings: string[] }>;
    expect(a!.question).toBe('毛伟明在全省市州长视频会上强调什么');
    expect(a!.mode).toBe('lexical');
    expect(a!.hits[0]).toMatchObject({ ...hitShape, file: '002_d5e4687daec02d80.txt', sentences: expect.any(Array), citation: expect.objectContaining({ title: expect.any(String) }) });
    const hit = a!.hits[0]! as { text: string; sentences: string[] };
    // Quoted sentences are the text's own words.
    for (const s of hit.sentences) expect(hit.text).toContain(s);
  });

  it('ask without --json prints the quoted answer with its citation', async () => {
    const r = await cli(['ask', '沈晓明去了哪些地方调研', '--index', lexical, '--top', '1']);
    expect(r.code).toBe(0);
    // The citation a reader reads (outlet · date · paragraph from 1), as in Discord; no file names.
    expect(r.stdout).toMatch(/— .+ · .+ · 第\d+段\n?$/);
    expect(r.stdout).not.toContain('.txt');
    expect(r.stdout).toContain('沈晓明');
  });

  it('date --json lists the passages of a date with their date text', async () => {
    const r = await cli(['date', '11月12日', '--index', lexical, '--json']);
    expect(r.code).toBe(0);
    const [d] = jsonLines(r) as Array<{ query: string; hits: Array<Record<string, unknown>> }>;
    expect(d!.query).toBe('11月12日');
    expect(d!.hits.length).toBeGreaterThan(0);
    expect(d!.hits[0]).toMatchObject({ file: expect.any(String), paragraph: expect.any(Number), date: expect.any(String), text: expect.any(String) });
  });

  it('person --json gives roles and passages, in either script', async () => {
    const r = await cli(['person', '毛偉明', '--index', lexical, '--json']);
    expect(r.code).toBe(0);
    const [p] = jsonLines(r) as Array<{ name: string; roles: string[]; hits: Array<Record<string, unknown>> }>;
    expect(p!.name).toBe('毛伟明');
    // One role in both scripts is listed once, as written where last seen (002's lead now dates it: 省長).
    expect(p!.roles.filter((r) => r === '省长' || r === '省長')).toHaveLength(1);
    expect(p!.hits[0]).toMatchObject({ file: expect.any(String), paragraph: expect.any(Number), date: expect.any(String), text: expect.any(String) });
  });

  it('stats --json describes the index', async () => {
    const r = await cli(['stats', '--index', lexical, '--json']);
    expect(r.code).toBe(0);
    const [s] = jsonLines(r) as Array<{ indexDir: string }>;
    expect(s).toMatchObject({ documents: 2, paragraphs: expect.any(Number), model: null, mode: 'lexical', builtAt: expect.any(String) });
    expect(path.dirname(s!.indexDir)).toBe(lexical);
  });

  it('help prints the usage of every command on stdout', async () => {
    const r = await cli(['help']);
    expect(r.code).toBe(0);
    for (const c of ['index', 'search', 'ask', 'date', 'person', 'article', 'stats', 'chat']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });
});

describe('cli exit codes', () => {
  it.each([
    [['serch', '--index', 'x'], /Unknown command "serch"/],
    [['search', '--index', 'LEX', '--top', '0', 'q'], /--top must be a whole number from 1 to 50/],
    [['search', '--index', 'LEX', '--mode', 'fuzzy', 'q'], /--mode must be one of lexical, dense, hybrid/],
    [['search', '--index', 'LEX'], /search needs --batch FILE or a query/],
    [['search', '--index', 'LEX', '--batch', 'missing.jsonl'], /Cannot read the batch file/],
    [['index', '--mode', 'dense', '--index', 'LEX'], /--mode must be one of lexical, hybrid/],
    [['stats', '--index', 'LEX', '--bogus'], /Unknown option '--bogus'/],
    [['ask', '   ', '--index', 'LEX'], /The question is empty/],
    // Told in the language of what was typed: Chinese input, the catalogue's Chinese; Latin input, English.
    [['date', '明天', '--index', 'LEX', '--json'], /无法把“明天”读成日期。请按以下格式之一书写：2024-02-19/],
    [['person', '张三丰', '--index', 'LEX', '--json'], /语料中没有名叫“张三丰”的人/],
    [['person', '張三豐', '--index', 'LEX'], /語料中沒有名叫“張三豐”的人/],
    [['date', 'someday', '--index', 'LEX'], /Could not read the date "someday".*Write a date like/],
    [['stats', '--index', 'NOWHERE'], /No index in .*Build one first/],
  ])('%j exits 2 with the message on stderr and nothing on stdout', async (args, message) => {
    const r = await cli(args.map((a) => (a === 'LEX' ? lexical : a === 'NOWHERE' ? path.join(work, 'nowhere') : a)));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a batch line that is not JSON exits 2 naming the line', async () => {
    const batch = path.join(work, 'bad.jsonl');
    writeFileSync(batch, '{"id": "a", "query": "x"}\nnot json\n');
    const r = await cli(['search', '--index', lexical, '--batch', batch]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.jsonl:2 is not JSON');
  });

  it('an index path under a file is bad input: exit 2 with a message that says what to do', async () => {
    const file = path.join(work, 'a-file');
    writeFileSync(file, 'not a folder');
    const r = await cli(['index', '--corpus', corpus, '--index', path.join(file, 'index')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/lies under, a file\. Point INDEX_DIR or --index at a folder/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a failure that is not the input exits 1 without a stack trace', async () => {
    // The entry wrapper the CLI runs under, given a body that fails the way a bug would.
    const script = `import { runEntryPoint } from ${JSON.stringify(path.join(REPO, 'src/util/entry.ts'))};
runEntryPoint('command failed', async () => { throw new Error('disk on fire'); });`;
    const r = await new Promise<Run>((resolve) => {
      execFile(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], { cwd: work, env: { PATH: process.env.PATH, HOME: work } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/\[error\] command failed: disk on fire/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('cli with the tiny test model', () => {
  it('builds a hybrid index and searches it in every mode', async () => {
    const env = { EMBEDDINGS: 'model', EMBEDDING_MODEL: TINY_MODEL, ALLOW_REMOTE_MODELS: 'false' };
    const hybrid = path.join(work, 'hybrid');
    const built = await cli(['index', '--corpus', corpus, '--index', hybrid, '--mode', 'hybrid'], env);
    expect(built.code, built.stderr).toBe(0);
    const stats = await cli(['stats', '--index', hybrid, '--json'], env);
    expect(JSON.parse(stats.stdout)).toMatchObject({ model: TINY_MODEL, dimensions: expect.any(Number) });
    const batch = path.join(work, 'hybrid.jsonl');
    writeFileSync(batch, '{"id": "a", "query": "沈晓明去了哪些地方调研"}\n');
    const runs = await Promise.all(['dense', 'hybrid'].map((mode) => cli(['search', '--index', hybrid, '--batch', batch, '--top', '3', '--mode', mode], env)));
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      const [line] = jsonLines(r) as Array<{ id: string; hits: unknown[] }>;
      expect(line!.hits).toHaveLength(3);
      expect(line!.hits[0]).toEqual(hitShape);
      expect(r.stderr).not.toMatch(/keyword-only/);
    }
    // Four processes, one loading the model and embedding the corpus: slow on a loaded machine.
  }, 180_000);
});
