/**
 * SHARDS: one process runs several gateway shards on one engine and one index.
 * Each shard identifies with its id and answers its own guilds; a re-index run
 * from one shard, or written by a separate indexer process, switches them all.
 */
import { execFile } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { openEngine } from '../../src/search/engine.js';
import type { QaEngine } from '../../src/types.js';
import { PERMISSIONS, type Json } from './fake-discord.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness<QaEngine>;
let work: string;
let corpusDir: string;
let indexDir: string;
let nextUser = 910000000000000000n;
const newUser = () => h.fake.user(String(nextUser++));

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'bot-shards-'));
  corpusDir = path.join(work, 'corpus');
  indexDir = path.join(work, 'index');
  cpSync(path.resolve('corpus'), corpusDir, { recursive: true });
  const settings = { corpusDir, indexDir, embeddings: 'none' as const, defaultMode: 'lexical' as const };
  const engine = await openEngine({ ...readConfig({}, process.cwd()), ...settings });
  h = await startHarness({
    engine,
    config: { ...settings, shards: 'auto', discordGuildId: null },
    fake: { shards: 2, guilds: 2 },
    bot: { indexPollMs: 100 },
  });
});

afterAll(async () => {
  await h?.stop();
  await h?.engine.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The quoted text of an /ask answer in guild `guild`. */
async function ask(question: string, guild: number): Promise<string> {
  const ref = h.fake.command('ask', { question }, { user: newUser(), guild });
  expect((await h.fake.callback(ref)).body.type).toBe(5);
  const answer = await h.fake.edit(ref, undefined, 20_000);
  return (answer.body.embeds as Json[]).map((e) => `${e.description}\n${e.footer?.text ?? ''}`).join('\n');
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('two gateway shards on one index', () => {
  it('runs the recommended shards, each identifying with its id and receiving its own guild', () => {
    expect([...h.fake.identities].sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(h.fake.guildIds.map((g) => h.fake.shardOf(g, 2))).toEqual([0, 1]);
    expect(h.bot.client.guilds.cache.map((g) => g.shardId).sort()).toEqual([0, 1]);
    expect(h.logs.some((l) => l.includes('bot ready') && l.includes('"shardCount":2'))).toBe(true);
  });

  it('answers in a guild of each shard from the same index', async () => {
    for (const guild of [0, 1]) expect(await ask('毛伟明在全省市州长视频会上强调了什么？', guild)).toMatch(/毛[伟偉]明/);
  });

  it('switches both shards to the generation a /reindex on one of them writes', async () => {
    writeFileSync(path.join(corpusDir, '900_shard_test.txt'), '# 橘子洲分片测试音乐节\n\n长沙橘子洲今天举办分片测试音乐节，数千名市民到场。\n');
    const before = h.engine.stats().indexDir;
    const ref = h.fake.command('reindex', {}, { user: newUser(), permissions: PERMISSIONS.admin, guild: 0 });
    await h.fake.callback(ref);
    await until(() => h.engine.stats().indexDir !== before && !h.engine.reindexing);
    for (const guild of [1, 0]) expect(await ask('橘子洲分片测试音乐节', guild)).toContain('长沙橘子洲今天举办分片测试音乐节');
  });

  it('switches both shards to a generation a separate indexer process writes', async () => {
    writeFileSync(path.join(corpusDir, '901_indexer_test.txt'), '# 岳麓山索引进程测试\n\n岳麓山脚下今天开展独立索引进程测试，志愿者清理了登山步道。\n');
    const before = h.engine.stats().indexDir;
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'index', '--corpus', corpusDir, '--index', indexDir, '--mode', 'lexical'],
      { env: { ...process.env, EMBEDDINGS: 'none' } },
    );
    await until(() => h.engine.stats().indexDir !== before);
    expect(h.logs.some((l) => l.includes('switched to the index generation another process wrote'))).toBe(true);
    for (const guild of [0, 1]) expect(await ask('岳麓山独立索引进程测试', guild)).toContain('岳麓山脚下今天开展独立索引进程测试');
  });
});

describe('SHARDS and SHARD_IDS settings', () => {
  it('reads auto, a count, and a subset of a count, and says what to fix otherwise', () => {
    expect(readConfig({}).shards).toBeNull();
    expect(readConfig({ SHARDS: 'auto' }).shards).toBe('auto');
    expect(readConfig({ SHARDS: '4', SHARD_IDS: '3,1' })).toMatchObject({ shards: 4, shardIds: [1, 3] });
    expect(() => readConfig({ SHARDS: 'many' })).toThrow(/SHARDS must be a whole number/);
    expect(() => readConfig({ SHARD_IDS: '0' })).toThrow(/SHARD_IDS needs SHARDS/);
    expect(() => readConfig({ SHARDS: '2', SHARD_IDS: '2' })).toThrow(/from 0 to 1/);
  });
});
