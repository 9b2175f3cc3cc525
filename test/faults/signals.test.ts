/**
 * Stopping the real `npm start` during a /reindex: SIGTERM to the bot process
 * that npm starts, and to npm itself. Either way
 * the bot stops taking questions, answers the ones in flight, abandons the
 * re-index (the previous index stays, nothing half-written is left) and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, PERMISSIONS } from '../bot/fake-discord.js';
import { writeSyntheticCorpus } from './synthetic.js';

let work: string;
const children: ChildProcess[] = [];
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'faults-signals-'));
  // Big enough that a full re-index takes seconds.
  writeSyntheticCorpus(path.join(work, 'corpus'), 100);
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Half a minute per signal: part of `npm run faults`, not of `npm test`.
describe.runIf(process.env.FAULTS === 'full').each(['bot', 'npm'] as const)('SIGTERM to %s during a re-index', (target) => {
  it('answers the question in flight, abandons the re-index, keeps the index, exits 0', async () => {
    const fake = await FakeDiscord.start();
    const indexDir = path.join(work, `index-${target}`);
    try {
      const npm = spawn('npm', ['start'], {
        env: {
          ...process.env,
          DISCORD_TOKEN: fake.token,
          DISCORD_API_BASE: fake.apiBase,
          DISCORD_GUILD_ID: fake.guildId,
          EMBEDDINGS: 'none',
          INDEX_DIR: indexDir,
          CORPUS_DIR: path.join(work, 'corpus'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(npm);
      let output = '';
      npm.stdout?.on('data', (d) => (output += d));
      npm.stderr?.on('data', (d) => (output += d));
      const npmExit = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));

      await fake.waitFor((c) => c.method === 'PUT' && c.path.endsWith('/commands'), { timeoutMs: 120_000 });
      // `npm start` execs node: the bot is npm's only child.
      const bot = Number(readFileSync(`/proc/${npm.pid}/task/${npm.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
      const generation = readFileSync(path.join(indexDir, 'CURRENT'), 'utf8');

      const reindex = fake.command('reindex', { mode: 'full' }, { user: fake.user('700000000000000001'), permissions: PERMISSIONS.admin, locale: 'en-US' });
      await fake.callback(reindex, 30_000);
      await new Promise((r) => setTimeout(r, 1000)); // the worker is parsing
      const question = fake.command('ask', { question: '省委书记沈晓明到衡阳调研' });
      process.kill(target === 'bot' ? bot : npm.pid!, 'SIGTERM');

      const answer = await fake.edit(question, undefined, 20_000);
      expect(answer.body.embeds.length).toBeGreaterThan(0);
      const last = await fake.edit(reindex, (b) => (b.content ?? '').includes('abandoned'), 20_000);
      expect(last.body.content).toContain('previous index keeps answering');
      await until(() => !alive(bot), 20_000);
      // npm passes a SIGTERM on to the bot (its direct child, as the script execs node) and exits with its code.
      expect(await npmExit).toBe(0);
      expect(output).toContain('bot stopped');
      expect(output).not.toContain('Re-index done');
      expect(readFileSync(path.join(indexDir, 'CURRENT'), 'utf8')).toBe(generation);
      expect(readdirSync(indexDir).filter((e) => e.endsWith('.partial'))).toEqual([]);
      expect(existsSync(path.join(indexDir, 'index.lock'))).toBe(false);
    } finally {
      await fake.close();
    }
  }, 240_000);
});
