/**
 * `npm start` as a process: with DISCORD_TOKEN set (and DISCORD_API_BASE on the
 * fake Discord) it builds the index, registers, answers, and exits cleanly on
 * SIGTERM without ever printing the token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord.js';

let fake: FakeDiscord | undefined;
let child: ChildProcess | undefined;
let indexDir: string | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await fake?.close();
  if (indexDir) await rm(indexDir, { recursive: true, force: true });
});

it('runs the bot from `npm start` and stops cleanly on SIGTERM', async () => {
  fake = await FakeDiscord.start();
  indexDir = await mkdtemp(path.join(tmpdir(), 'bot-process-'));
  // The bot process itself; the signal through `npm start` is test/faults/signals.test.ts (npm run faults).
  child = spawn(path.resolve('node_modules/.bin/tsx'), ['src/main.ts'], {
    env: {
      ...process.env,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_BASE: fake.apiBase,
      DISCORD_GUILD_ID: fake.guildId,
      EMBEDDINGS: 'none',
      INDEX_DIR: indexDir,
      CORPUS_DIR: path.resolve('corpus'),
      LOG_LEVEL: 'debug',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));

  await fake.waitFor((c) => c.method === 'PUT' && c.path.endsWith('/commands'), { timeoutMs: 90_000 });
  const ref = fake.command('ask', { question: '毛伟明在全省市州长视频会上强调了什么？' });
  const answer = await fake.edit(ref, undefined, 20_000);
  expect(answer.body.embeds.length).toBeGreaterThan(0);

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output).toContain('bot stopped');
  expect(output).not.toContain(fake.token);
}, 120_000);
