/**
 * Hostile or broken input gets a clear refusal: control characters cannot make
 * one name look like another, a 100 KB argument is not echoed back, a batch
 * line's id must be a string or a number.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { openEngine, type Engine } from '../../src/search/engine.js';

let work: string;
let engine: Engine;
let indexDir: string;
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'faults-input-'));
  cpSync(path.resolve('corpus'), path.join(work, 'corpus'), { recursive: true });
  indexDir = path.join(work, 'index');
  engine = await openEngine(readConfig({ CORPUS_DIR: path.join(work, 'corpus'), INDEX_DIR: indexDir, EMBEDDINGS: 'none' }, work));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('input', () => {
  it('control characters are removed from names and questions', async () => {
    const plain = engine.person('毛伟明');
    expect(engine.person('毛\x01伟明')).toEqual(plain);
    expect((await engine.ask('毛\u0007伟明\u009b强调')).question).toBe('毛伟明强调');
  });

  it('a 100 KB argument is not echoed back in the message', () => {
    const huge = '某'.repeat(100_000);
    for (const run of [() => engine.person(huge), () => engine.date(huge)]) {
      let message = '';
      try {
        run();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain('100000 characters');
      expect(message.length).toBeLessThan(500);
    }
  });

  it.each([
    ['null', '{"id": null, "query": "毛伟明"}'],
    ['an object', '{"id": {"a": 1}, "query": "毛伟明"}'],
  ])('a batch id that is %s is refused, naming the line', async (_, bad) => {
    const batch = path.join(work, 'batch.jsonl');
    writeFileSync(batch, `{"id": "q1", "query": "沈晓明"}\n${bad}\n`);
    const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', import.meta.resolve('tsx'), path.resolve('src/cli/main.ts'), 'search', '--index', indexDir, '--batch', batch, '--top', '3'],
        { cwd: work, env: { PATH: process.env.PATH, HOME: work, EMBEDDINGS: 'none' } },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      );
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('batch.jsonl:2: "id" must be a string or a number');
  });
});
