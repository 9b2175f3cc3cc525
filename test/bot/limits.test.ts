/** Flood protection through the real client: the per-user rate limit and the bound on concurrent engine work. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Deferred } from './fake-engine.js';
import { EPHEMERAL, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ config: { rateLimitCount: 2, rateLimitWindowMs: 60_000, maxConcurrentQueries: 1 } });
});

afterAll(async () => {
  await h?.stop();
});

it('answers a user up to the limit, then says privately when to try again', async () => {
  const user = h.fake.user('800000000000000001');
  for (let i = 0; i < 2; i++) await h.fake.edit(h.fake.command('ask', { question: '毛伟明' }, { user }));

  const ref = h.fake.command('ask', { question: '毛伟明' }, { user, locale: 'en-US' });
  const reply = await h.fake.callback(ref);
  expect(reply.body.type).toBe(4); // Refused straight away: no deferral first.
  expect(reply.body.data.flags).toBe(EPHEMERAL);
  // One time expression (Discord shows it in the reader's language), no internal id.
  expect(reply.body.data.content).toMatch(/^⚠️ You can ask 2 questions every 1 min\. You can ask again <t:\d+:R>\.$/);
  expect(h.logs.some((l) => l.includes('rate.limited'))).toBe(true);

  // Other commands cost nothing, other users are unaffected, and /date counts too.
  expect((await h.fake.callback(h.fake.command('stats', {}, { user }))).body.data.flags ?? 0).toBe(0);
  const other = h.fake.user('800000000000000002');
  expect((await h.fake.edit(h.fake.command('ask', { question: '沈晓明' }, { user: other }))).body.embeds.length).toBeGreaterThan(0);
  const date = await h.fake.callback(h.fake.command('date', { when: '2023' }, { user }));
  expect(date.body.data.content).toMatch(/^⚠️ 每人每 1 分钟最多提问 2 次。<t:\d+:R>可以再问。$/);
});

it('rate-limits mentions the same way, in a reply that pings no one', async () => {
  const user = h.fake.user('800000000000000003');
  const posts = () => h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${h.fake.channelId}/messages`);
  const before = posts().length;
  for (let i = 0; i < 3; i++) {
    h.fake.userMessage('毛伟明', { user });
    await h.fake.waitFor(() => posts().length >= before + i + 1);
  }
  const refused = posts().at(-1)!;
  expect(refused.body.content).toMatch(/^⚠️ 每人每 1 分钟最多提问 2 次。/); // a 简体 question gets 简体
  expect(refused.body.allowed_mentions).toEqual({ parse: [] });
});

it('bounds concurrent engine work: the second question waits for the first, both are answered', async () => {
  h.engine.askGate = new Deferred();
  const before = h.engine.askCalls.length;
  const a = h.fake.command('ask', { question: '毛伟明' }, { user: h.fake.user('800000000000000004') });
  const b = h.fake.command('ask', { question: '沈晓明' }, { user: h.fake.user('800000000000000005') });
  await h.fake.callback(a);
  await h.fake.callback(b);
  await new Promise((r) => setTimeout(r, 50));
  expect(h.engine.askCalls.length - before).toBe(1); // One slot: the other question is queued in the bot.
  expect(h.bot.context.queries.queued).toBe(1);
  h.engine.askGate.resolve();
  h.engine.askGate = null;
  await h.fake.edit(a);
  await h.fake.edit(b);
  expect(h.engine.askCalls.length - before).toBe(2);
});
