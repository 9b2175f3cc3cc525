/** /reindex through the real client: permissions, progress edits, concurrency with questions, failure, shutdown. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EPHEMERAL, startHarness, type Harness } from './harness.js';
import { PERMISSIONS, type RecordedCall } from './fake-discord.js';
import { Deferred } from './fake-engine.js';

let h: Harness;
let nextUser = 600000000000000000n;
const newUser = () => h.fake.user(String(nextUser++));

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => {
  h.config.adminUserIds.length = 0;
  h.config.adminRoleIds.length = 0;
});

const admin = () => ({ user: newUser(), permissions: PERMISSIONS.admin });

/** All edits of the progress message so far. */
const edits = (token: string): RecordedCall[] =>
  h.fake.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/${token}/messages/@original`));

describe('who may re-index', () => {
  it('refuses a member without Manage Server, privately, and logs the attempt', async () => {
    const user = newUser();
    const ref = h.fake.command('reindex', {}, { user, permissions: PERMISSIONS.member });
    const reply = await h.fake.callback(ref);
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toBe('⚠️ 只有拥有“管理服务器”权限的成员才能重建索引。');
    expect(h.logs.some((l) => l.includes('reindex.forbidden'))).toBe(true); // the id is for the log, not the member
    expect(h.engine.reindexCalls).toHaveLength(0);
    expect(h.logs.some((l) => l.includes('reindex denied') && l.includes(user.id))).toBe(true);
  });

  it('refuses in a direct message', async () => {
    const reply = await h.fake.callback(h.fake.command('reindex', {}, { user: newUser(), dm: true, locale: 'en-US' }));
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toBe('⚠️ Run /reindex in a server where you have the Manage Server permission.');
  });

  it('applies the allow-lists on top of Manage Server: a listed role passes, others do not', async () => {
    h.config.adminRoleIds.push(h.fake.adminRoleId);
    const outsider = await h.fake.callback(h.fake.command('reindex', {}, admin()));
    expect(outsider.body.data.flags).toBe(EPHEMERAL);
    expect(outsider.body.data.content).toBe('⚠️ 重建索引仅限本机器人设定的管理员。');

    const ref = h.fake.command('reindex', {}, { ...admin(), roles: [h.fake.adminRoleId] });
    await h.fake.edit(ref, (b) => b.content.includes('索引重建完成'));
  });

  it('lets a listed user id through', async () => {
    const user = newUser();
    h.config.adminUserIds.push(user.id);
    const ref = h.fake.command('reindex', { mode: 'full' }, { user, permissions: PERMISSIONS.admin, locale: 'en-US' });
    const done = await h.fake.edit(ref, (b) => b.content.includes('Re-index done'));
    expect(done.body.content).toContain(`(full, asked by <@${user.id}>)`);
    expect(h.engine.reindexCalls.at(-1)?.full).toBe(true);
  });
});

describe('a re-index run', () => {
  it('edits one message with a progress bar, counts and time left, while questions are answered from the old index', async () => {
    h.engine.reindexGate = new Deferred();
    const { user } = admin();
    const ref = h.fake.command('reindex', {}, { user, permissions: PERMISSIONS.admin, locale: 'en-US' });
    const first = await h.fake.callback(ref);
    expect(first.body.type).toBe(4);
    expect(first.body.data.content).toContain('Re-indexing');
    expect(first.body.data.content).toContain(`<@${user.id}>`);
    expect(first.body.data.allowed_mentions).toEqual({ parse: [] }); // Naming the admin pings no one.
    const progress = await h.fake.edit(ref, (b) => b.content.includes('Embedding paragraphs'));
    expect(progress.body.content).toMatch(/`[█░]{20} \d+%`/);
    expect(progress.body.content).toContain('0 / 40');
    expect(h.logs.some((l) => l.includes('reindex requested') && l.includes(user.id))).toBe(true);

    // A question while the re-index runs is answered at once.
    const question = h.fake.command('ask', { question: '毛伟明在市州长视频会上强调了什么？' }, { user: newUser() });
    const answer = await h.fake.edit(question);
    expect(answer.body.embeds.length).toBeGreaterThan(0);
    expect(h.engine.reindexing).toBe(true);

    // A second request is told one is running.
    const second = await h.fake.callback(h.fake.command('reindex', {}, admin()));
    expect(second.body.data.flags).toBe(EPHEMERAL);
    expect(second.body.data.content).toMatch(new RegExp(`^⚠️ 已有一次索引重建在进行（由 <@${user.id}> 于 <t:\\d+:R> 发起）`));

    const generation = h.engine.generation;
    h.engine.reindexGate.resolve();
    h.engine.reindexGate = null;
    const done = await h.fake.edit(ref, (b) => b.content.includes('Re-index done'));
    expect(done.body.content).toContain('6 documents · 14 paragraphs · 35 paragraphs embedded, 5 reused');
    expect(h.engine.generation).toBe(generation + 1);
    // Throttled: a handful of edits, not one per progress event.
    expect(edits(ref.token).length).toBeLessThanOrEqual(6);
    for (const e of edits(ref.token)) expect(e.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('reports a failure and keeps serving the old index', async () => {
    h.engine.reindexFailure = new Error('disk full while writing the new index');
    const ref = h.fake.command('reindex', {}, admin());
    const failed = await h.fake.edit(ref, (b) => b.content.includes('索引重建失败'));
    expect(failed.body.content).toContain('disk full while writing the new index');
    expect(failed.body.content).toContain('原来的索引继续回答问题');
    expect(h.logs.some((l) => l.includes('reindex failed'))).toBe(true);
    expect(h.engine.reindexing).toBe(false);

    const answer = await h.fake.edit(h.fake.command('ask', { question: '沈晓明' }, { user: newUser() }));
    expect(answer.body.embeds[0].description).toContain('沈晓明');
  });
});

describe('shutting down', () => {
  it('abandons a running re-index, says so, and disconnects', async () => {
    const s = await startHarness();
    s.engine.reindexGate = new Deferred();
    const ref = s.fake.command('reindex', {}, { user: s.fake.user('700000000000000001'), permissions: PERMISSIONS.admin, locale: 'en-US' });
    await s.fake.edit(ref, (b) => b.content.includes('Embedding paragraphs'));
    await s.bot.stop();
    const last = await s.fake.edit(ref, (b) => b.content.includes('abandoned'));
    expect(last.body.content).toContain('previous index keeps answering');
    expect(s.engine.reindexCalls[0]?.signal?.aborted).toBe(true);
    expect(s.engine.reindexing).toBe(false);
    expect(s.bot.client.isReady()).toBe(false);
    await s.bot.stop(); // idempotent
    await s.fake.close();
  });
});
