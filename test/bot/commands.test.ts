/**
 * The real discord.js client, logged in to the fake Discord, answering every
 * command, button, mention and DM from a fake engine.
 */
import { GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LIMITS } from '../../src/bot/limits.js';
import type { Json, RecordedCall } from './fake-discord.js';
import { Deferred, EXPLODING_QUESTION } from './fake-engine.js';
import { EPHEMERAL, messageCalls, messageData, startHarness, type Harness } from './harness.js';

let h: Harness;
let nextUser = 500000000000000000n;
/** A fresh user per test keeps rate limits and pagination ownership independent. */
const newUser = () => h.fake.user(String(nextUser++));

beforeAll(async () => {
  h = await startHarness({ heartbeatIntervalMs: 200 });
});

afterAll(async () => {
  await h?.stop();
});

function embedTotal(embeds: Json[]): number {
  return embeds.reduce(
    (n: number, e: Json) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text?.length ?? 0) +
      (e.author?.name?.length ?? 0) +
      (e.fields ?? []).reduce((m: number, f: Json) => m + f.name.length + f.value.length, 0),
    0,
  );
}

/** Every Discord limit, checked on one message payload. */
function expectWithinLimits(data: Json): void {
  expect((data.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
  const embeds: Json[] = data.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  expect(embedTotal(embeds)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const e of embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect((e.description ?? '').length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(LIMITS.embedFooter);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(LIMITS.embedFields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.embedFieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.embedFieldValue);
    }
  }
  for (const row of data.components ?? []) {
    expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    for (const b of row.components) expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
  }
}

function customIds(data: Json): string[] {
  return (data.components ?? []).flatMap((r: Json) => r.components.map((b: Json) => b.custom_id));
}

/** Asks and returns the deferral and the answer (the edit of the deferred reply). */
async function ask(options: Record<string, string | number>, user = newUser()) {
  const ref = h.fake.command('ask', options, { user });
  const deferral = await h.fake.callback(ref);
  const answer = await h.fake.edit(ref);
  return { ref, user, deferral, answer, data: answer.body };
}

describe('connecting', () => {
  it('identifies with unprivileged intents over plain JSON and keeps its heartbeat acknowledged', async () => {
    const identify = await h.fake.waitForGateway((f) => f.op === 2);
    const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;
    expect(identify.d.intents).toBe(intents);
    expect(identify.d.intents & GatewayIntentBits.MessageContent).toBe(0);
    expect(h.fake.connections[0]).toMatchObject({ v: '10', encoding: 'json' });
    expect(h.fake.connections[0]).not.toHaveProperty('compress');
    await h.fake.waitForGateway((f) => f.op === 1, 3000);
    expect(h.fake.sent.some((f) => f.op === 11)).toBe(true);
    // The gateway address came from GET /gateway/bot on DISCORD_API_BASE, with the bot token.
    const gateway = h.fake.calls.find((c) => c.path === '/gateway/bot');
    expect(gateway?.authorized).toBe(true);
  });

  it('registers every command to the configured guild, options declared as data', async () => {
    const put = await h.fake.waitFor((c) => c.method === 'PUT' && c.path.endsWith('/commands'));
    expect(put.path).toBe(`/applications/${h.fake.applicationId}/guilds/${h.fake.guildId}/commands`);
    const byName = new Map<string, Json>(put.body.map((c: Json) => [c.name, c]));
    expect([...byName.keys()].sort()).toEqual(['ask', 'date', 'help', 'person', 'reindex', 'sources', 'stats']);
    for (const c of put.body) {
      expect(c.name).toMatch(/^[a-z]+$/); // Command names stay ASCII…
      expect(c.description.length).toBeLessThanOrEqual(100);
      // …descriptions come in 简体 and 繁體 too.
      expect(Object.keys(c.description_localizations ?? {}).sort()).toEqual(['zh-CN', 'zh-TW']);
      for (const o of c.options ?? []) {
        expect(o.description.length).toBeLessThanOrEqual(100);
        for (const text of Object.values(o.description_localizations as Record<string, string>)) expect(text.length).toBeLessThanOrEqual(100);
        expect(o.name_localizations?.['zh-CN']).toBeTruthy();
        for (const choice of o.choices ?? []) expect(Object.keys(choice.name_localizations ?? {}).sort()).toEqual(['zh-CN', 'zh-TW']);
      }
    }
    expect(byName.get('ask').description_localizations['zh-CN']).toBe('提问：我引用回答问题的新闻原文');
    expect(byName.get('ask').description_localizations['zh-TW']).toBe('提問：我引用回答問題的新聞原文');
    expect(byName.get('reindex').default_member_permissions).toBe('32'); // Manage Server
    expect(byName.get('date').options[0]).toMatchObject({ name: 'when', required: true });
    expect(byName.get('date').options[0].description).toContain('2024年2月');
    expect(byName.get('person').options[0]).toMatchObject({ name: 'name', autocomplete: true });
    expect(byName.get('ask').options.map((o: Json) => o.name)).toEqual(['question', 'passages', 'script']);
    expect(h.bot.registration?.scope).toBe('guild');
  });
});

describe('/ask', () => {
  it('defers, then answers with one embed per article: its passages, answering sentences in bold, one citation, one button', async () => {
    const { deferral, answer, data } = await ask({ question: '毛伟明在市州长视频会上强调了什么？' });
    expect(deferral.body.type).toBe(5);
    expect(deferral.body.data?.flags ?? 0).toBe(0); // The answer is public.
    expect(deferral.index).toBeLessThan(answer.index);
    expect(data.content).toContain('毛伟明在市州长视频会上强调了什么？');
    expect(data.content).toMatch(/第 1\/3 页 · 共 \d+ 段 · \*\*加粗\*\*的句子回答了问题/);
    // The page's three passages are all from one article: one embed, under its title once.
    expect(data.embeds).toHaveLength(1);
    const [first] = data.embeds;
    expect(first.title).toBe('毛伟明在全省市州长视频会上强调 坚定必胜信心 打好“发展六仗”');
    expect(first.description).toContain('**');
    expect(first.description).toContain('毛伟明在会上强调');
    expect(first.description).toMatch(/-# 第1段\n[\s\S]*-# 第2段\n[\s\S]*-# 第3段\n/);
    expect(first.footer.text).toBe('湖南日报 · 2023年4月27日 · 作者 周帙恒');
    expect(first.url).toBe('https://www.hunan.gov.cn/hnyw/sy/hnyw1/202304/t20230427.html');
    expect(data.allowed_mentions).toEqual({ parse: [] });
    const ids = customIds(data);
    expect(ids).toEqual(['article:0:s:002_d5e4687daec02d80.txt', expect.stringMatching(/^more:[\w-]+:1$/)]);
    const labels = data.components.flatMap((r: Json) => r.components.map((b: Json) => b.label));
    expect(labels).toEqual(['📄 全文：毛伟明在全省市州长…', '下一页 ▶']);
    expectWithinLimits(data);
  });

  it('passes the number of passages and the script to the engine', async () => {
    const before = h.engine.askCalls.length;
    const { data } = await ask({ question: '毛伟明调研了哪些市州？', passages: 2, script: 'traditional' });
    const call = h.engine.askCalls[before];
    expect(call?.options).toMatchObject({ script: 'traditional', top: 6 });
    expect(data.content).toContain('第 1/3 頁'); // the wording follows the script asked for
    expect(data.embeds[0].description).toContain('毛偉明');
  });

  it('acknowledges within the deadline, before a slow engine answers', async () => {
    h.engine.askGate = new Deferred();
    try {
      const ref = h.fake.command('ask', { question: '沈晓明去了哪里调研？' }, { user: newUser() });
      const deferral = await h.fake.callback(ref);
      expect(deferral.body.type).toBe(5);
      // The engine is still working: nothing but the deferral has been sent.
      await new Promise((r) => setTimeout(r, 100));
      expect(h.fake.callsFor(ref)).toHaveLength(1);
      h.engine.askGate.resolve();
      const answer = await h.fake.edit(ref);
      expect(answer.body.embeds[0].description).toContain('沈晓明');
    } finally {
      h.engine.askGate = null;
    }
  });

  it('pages with "more results": the asker moves the message, anyone else gets a private copy', async () => {
    const { ref, user, data } = await ask({ question: '毛伟明强调发展', passages: 2 });
    const more = customIds(data).find((id) => id.startsWith('more:'));
    expect(more).toBeDefined();
    const message = h.fake.originalMessage(ref);

    const press = h.fake.button(more!, message, { user });
    const update = await h.fake.callback(press);
    expect(update.body.type).toBe(7);
    expect(update.body.data.content).toMatch(/第 2\/\d+ 页/);
    expect(customIds(update.body.data).some((id) => /^more:[\w-]+:0$/.test(id))).toBe(true); // "Previous"
    expect(update.body.data.allowed_mentions).toEqual({ parse: [] });

    const other = h.fake.button(more!, message, { user: newUser() });
    const copy = await h.fake.callback(other);
    expect(copy.body.type).toBe(4);
    expect(copy.body.data.flags).toBe(EPHEMERAL);
    expect(copy.body.data.content).toMatch(/第 2\/\d+ 页/);

    // Paging inside that private copy edits the copy.
    const back = customIds(copy.body.data).find((id) => /^more:[\w-]+:0$/.test(id));
    const inCopy = await h.fake.callback(h.fake.button(back!, h.fake.originalMessage(other), { user: newUser() }));
    expect(inCopy.body.type).toBe(7);
    expect(inCopy.body.data.content).toMatch(/第 1\/\d+ 页/);
  });

  it('tells whoever presses an expired "more results" button to ask again, privately', async () => {
    const { ref } = await ask({ question: '毛伟明' });
    const press = h.fake.button('more:gone12345:1', h.fake.originalMessage(ref), { user: newUser() });
    const reply = await h.fake.callback(press);
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toBe('⚠️ 这些结果已过期。请重新提问。');
    expect(h.logs.some((l) => l.includes('page.expired'))).toBe(true); // the id is for the log
  });

  it('shows the full article privately, paginated when long', async () => {
    const { ref, data } = await ask({ question: '超长段落的答案句 改善民生 第一政绩', passages: 1 });
    const open = customIds(data).find((id) => id.startsWith('article:'));
    expect(open).toBe('article:1:s:long/超长报道.txt');
    const press = h.fake.button(open!, h.fake.originalMessage(ref), { user: newUser() });
    const reply = await h.fake.callback(press);
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    const article = reply.body.data;
    expect(article.embeds[0].title).toBe('全力激活投资消费 推动经济实现质的有效提升');
    expect(article.embeds[0].footer.text).toMatch(/^湖南日报 · 2023年5月8日 · 作者 周帙恒 · 第 \d+\/\d+ 页$/);
    expect(article.embeds[0].description).toMatch(/^> 第1项/m); // The quoted paragraph is set off, not bold.
    expect(article.embeds[0].description).not.toContain('**');
    expectWithinLimits(article);

    const pageIds = customIds(article).filter((id) => id.startsWith('artpage:'));
    expect(pageIds.length).toBeGreaterThan(0);
    const turn = h.fake.button(pageIds[0]!, h.fake.originalMessage(press), { user: newUser() });
    const turned = await h.fake.callback(turn);
    expect(turned.body.type).toBe(7);
    expect(turned.body.data.embeds[0].footer.text).not.toBe(article.embeds[0].footer.text);
    expectWithinLimits(turned.body.data);
  });

  it('trims to every limit at sentence boundaries, keeping the answering sentence', async () => {
    const { data } = await ask({ question: '超长段落的答案句是哪一句', passages: 10 });
    expectWithinLimits(data);
    const long = data.embeds.find((e: Json) => e.description.includes('超长段落的答案句'));
    expect(long).toBeDefined();
    expect(long.description).toContain('**超长段落的答案句：毛伟明强调要把改善民生作为第一政绩。**');
    // Cut between sentences: every kept piece ends with 。 before an ellipsis.
    expect(long.description).toMatch(/(^|\n)…第\d+项/);
    expect(long.description).toMatch(/。…$/);
    expect(long.description.length).toBeLessThanOrEqual(1500);
    // Context on both sides of the answer: the sentences right before and after it.
    expect(long.description).toContain('第45项');
    expect(long.description).toContain('第46项');
  });

  it('escapes markdown in quotes and never pings, even for a quoted @everyone', async () => {
    const { data } = await ask({ question: '通知：本周末展馆参观 everyone' });
    const quote = data.embeds.find((e: Json) => e.description.includes('@everyone'));
    expect(quote).toBeDefined();
    expect(quote.description).toContain('\\*\\*不\\*\\*');
    expect(quote.description).toContain('\\_参观\\_');
    expect(quote.title).toContain('\\*周末\\*');
    expect(quote.url).toBeUndefined(); // javascript: urls are dropped
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it('turns a handler that throws into a private error, and keeps answering', async () => {
    const ref = h.fake.command('ask', { question: EXPLODING_QUESTION }, { user: newUser() });
    expect((await h.fake.callback(ref)).body.type).toBe(5);
    // The public "thinking…" placeholder is removed and the error goes out privately.
    await h.fake.waitFor((c) => c.method === 'DELETE' && c.path.includes(ref.token));
    const error = await h.fake.followUp(ref);
    expect(error.body.flags).toBe(EPHEMERAL);
    expect(error.body.content).toMatch(/我这边出了问题/);
    expect(error.body.content).toMatch(/参考编号 [0-9a-f]{8}/);
    expect(error.body.content).not.toContain('exploded'); // No internals to users…
    expect(h.logs.some((l) => l.includes('handler failed') && l.includes('exploded'))).toBe(true); // …but in the log.

    const { data } = await ask({ question: '毛伟明' });
    expect(data.embeds.length).toBeGreaterThan(0);
  });

  it('answers privately when a command that was not deferred throws, and when autocomplete throws', async () => {
    const stats = vi.spyOn(h.engine, 'stats').mockImplementationOnce(() => {
      throw new TypeError('cannot read the manifest');
    });
    const reply = await h.fake.callback(h.fake.command('stats', {}, { user: newUser() }));
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toContain('我这边出了问题');
    stats.mockRestore();

    const people = vi.spyOn(h.engine, 'people').mockImplementationOnce(() => {
      throw new Error('people index missing');
    });
    const choices = await h.fake.callback(h.fake.autocomplete('person', 'name', '毛'));
    expect(choices.body).toEqual({ type: 8, data: { choices: [] } });
    people.mockRestore();
  });

  it('reports a user error from the engine with its id', async () => {
    const ref = h.fake.command('ask', { question: '   ' }, { user: newUser() });
    await h.fake.callback(ref);
    const error = await h.fake.followUp(ref);
    expect(error.body.flags).toBe(EPHEMERAL);
    expect(error.body.content).toContain('问题是空的');
    expect(error.body.content).not.toContain('query.empty');
  });
});

describe('/date, /person, /sources, /stats, /help', () => {
  it("/date answers at once with one field per article, in the reply's script, and a citation", async () => {
    const ref = h.fake.command('date', { when: '2024年2月' }, { user: newUser() });
    const reply = await h.fake.callback(ref);
    expect(reply.body.type).toBe(4);
    const embed = reply.body.data.embeds[0];
    expect(embed.title).toBe('📅 2024年2月');
    expect(embed.fields).toHaveLength(1);
    expect(embed.fields[0].name).toBe('毛伟明主持省政府党组会议：聚焦“十个方面”解难题抓落实'); // a 繁體 article, shown in 简体
    expect(embed.fields[0].value).toContain('毛伟明');
    expect(embed.fields[0].value).toMatch(/-# 湖南省人民政府门户网站 · 2024年2月19日$/);
    expect(embed.fields[0].value).not.toContain('.txt');
    expect(customIds(reply.body.data)).toContain('article:0:s:004_b6ae09326c15c488.txt');
    expectWithinLimits(reply.body.data);
  });

  it('/date says once that the source gives no year', async () => {
    const reply = await h.fake.callback(h.fake.command('date', { when: '6月14日' }, { user: newUser() }));
    const embed = reply.body.data.embeds[0];
    expect(embed.title).toBe('📅 6月14日（不限年份）');
    expect(embed.fields[0].value.match(/年份不详/g)).toHaveLength(1);
    expect(JSON.stringify(embed)).not.toContain('year unknown');
  });

  it('/date explains the accepted forms when it cannot read the date', async () => {
    const reply = await h.fake.callback(h.fake.command('date', { when: '下个星期' }, { user: newUser() }));
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toBe('⚠️ 无法把“下个星期”读成日期。请按以下格式之一书写：2024-02-19、2024年2月、6月14日、2023。');
  });

  it('/person autocompletes names in either script with stable ids', async () => {
    const ref = h.fake.autocomplete('person', 'name', '毛偉');
    const reply = await h.fake.callback(ref);
    expect(reply.body.type).toBe(8);
    // One script per label: the member's (zh-CN), roles included.
    expect(reply.body.data.choices[0]).toEqual({ name: '毛伟明 · 省委副书记、省长 · 提到 7 次', value: '毛伟明' });
    for (const c of reply.body.data.choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('/person resolves a picked id and a typed name alike', async () => {
    const picked = await h.fake.callback(h.fake.command('person', { name: '毛伟明' }, { user: newUser() }));
    const typed = await h.fake.callback(h.fake.command('person', { name: '毛偉明' }, { user: newUser() }));
    for (const reply of [picked, typed]) {
      const embed = reply.body.data.embeds[0];
      expect(embed.title).toBe('👤 毛伟明');
      expect(embed.description).toContain('职务：省委副书记、省长、省政府党组书记');
      expect(JSON.stringify(embed)).not.toContain('毛偉明'); // the 繁體 article is shown in 简体 too
      expect(embed.fields.map((f: Json) => f.name)).toEqual([
        '毛伟明在全省市州长视频会上强调 坚定必胜信心 打好“发展六仗”',
        '毛伟明主持省政府党组会议：聚焦“十个方面”解难题抓落实',
        '湖南省委书记省长带队，省领导赴市州密集督导',
      ]);
      expectWithinLimits(reply.body.data);
    }
    expect(customIds(picked.body.data).some((id) => /^more:[\w-]+:1$/.test(id))).toBe(true);
  });

  it('/person says privately when nobody has that name', async () => {
    const reply = await h.fake.callback(h.fake.command('person', { name: '王小二' }, { user: newUser() }));
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toBe('⚠️ 语料中没有名叫“王小二”的人。');
  });

  it('/sources lists documents with title, date and outlet, trimmed with "and N more"', async () => {
    h.engine.extraSources = 300;
    try {
      const reply = await h.fake.callback(h.fake.command('sources', {}, { user: newUser() }));
      const embed = reply.body.data.embeds[0];
      expect(embed.title).toBe('📚 语料：306 个文件，306 篇文章');
      expect(embed.description).toContain('毛伟明在全省市州长视频会上强调');
      expect(embed.description).toContain('湖南日报 · 2023年4月27日 · 3 段');
      expect(embed.description).toMatch(/……另有 \d+ 篇$/);
      expectWithinLimits(reply.body.data);
    } finally {
      h.engine.extraSources = 0;
    }
  });

  it('/stats shows index size, model, index age and uptime', async () => {
    const reply = await h.fake.callback(h.fake.command('stats', {}, { user: newUser() }));
    const fields = Object.fromEntries(reply.body.data.embeds[0].fields.map((f: Json) => [f.name, f.value]));
    expect(fields['文件']).toBe('6');
    expect(fields['文章']).toBe('6');
    expect(fields['段落']).toBe('15');
    expect(fields['模型']).toBe('无：仅关键词检索');
    expect(fields['索引建立于']).toMatch(/^<t:\d+:R>$/);
    expect(fields['机器人运行时间']).toMatch(/秒$/);
  });

  it('/help answers privately', async () => {
    const reply = await h.fake.callback(h.fake.command('help', {}, { user: newUser() }));
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.embeds[0].description).toContain('/ask');
  });
});

describe('mentions and direct messages', () => {
  const channelPosts = (since: number) => (c: RecordedCall) =>
    c.index >= since && c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path);

  it('answers a mention with the same embeds, as a reply that pings no one', async () => {
    const since = h.fake.calls.length;
    const message = h.fake.userMessage('毛伟明在市州长视频会上强调了什么？', { user: newUser() });
    const reply = await h.fake.waitFor(channelPosts(since));
    expect(reply.path).toBe(`/channels/${h.fake.channelId}/messages`);
    expect(reply.body.message_reference.message_id).toBe(message.id);
    expect(reply.body.allowed_mentions).toEqual({ parse: [] });
    expect(reply.body.content).toContain('毛伟明在市州长视频会上强调了什么？');
    expect(reply.body.content).not.toContain(`<@${h.fake.botUser.id}>`);
    expect(reply.body.embeds[0].footer.text).toBe('湖南日报 · 2023年4月27日 · 作者 周帙恒');
    expectWithinLimits(reply.body);
  });

  it('answers a direct message without a mention', async () => {
    const since = h.fake.calls.length;
    h.fake.userMessage('沈晓明去了哪里调研？', { dm: true, user: newUser() });
    const reply = await h.fake.waitFor(channelPosts(since));
    expect(reply.path).toBe(`/channels/${h.fake.dmChannelId}/messages`);
    expect(reply.body.embeds[0].description).toContain('沈晓明');
  });

  it('answers a name typed in pinyin in Chinese, an English question in English', async () => {
    let since = h.fake.calls.length;
    h.fake.userMessage('mao weiming', { dm: true, user: newUser() });
    const pinyin = await h.fake.waitFor(channelPosts(since));
    expect(pinyin.body.content).toContain('mao weiming');
    expect(pinyin.body.content).toMatch(/第 1\/\d+ 页|语料中/);
    expect(pinyin.body.content).not.toMatch(/Page|passage|Nothing in the corpus/);
    since = h.fake.calls.length;
    h.fake.userMessage('What did Mao Weiming say?', { dm: true, user: newUser() });
    const english = await h.fake.waitFor(channelPosts(since));
    expect(english.body.content).toMatch(/Page 1 of|Nothing in the corpus|No passage/);
  });

  it('ignores messages that do not mention it and messages from bots, and gives a bare mention a one-line hint', async () => {
    const since = h.fake.calls.length;
    h.fake.userMessage('毛伟明', { mention: false, user: newUser() });
    h.fake.userMessage('毛伟明', { user: { ...newUser(), bot: true } });
    h.fake.userMessage('', { user: newUser() });
    const reply = await h.fake.waitFor(channelPosts(since));
    expect(reply.body.embeds).toEqual([]);
    // No question to go by: the server's language (zh-CN) decides.
    expect(reply.body.content).toBe(`问我语料中的湖南新闻吧，例如：@${h.fake.botUser.username} 毛伟明在全省市州长视频会上强调了什么？ · 用 \`/help\` 查看全部用法。`);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.fake.calls.filter(channelPosts(since))).toHaveLength(1);
  });
});

describe('every message', () => {
  it('disables mentions and respects the limits; the token never shows up', () => {
    const calls = messageCalls(h.fake.calls);
    expect(calls.length).toBeGreaterThan(20);
    for (const call of calls) {
      const data = messageData(call);
      expect(data.allowed_mentions, `${call.method} ${call.path}`).toEqual({ parse: [] });
      expectWithinLimits(data);
    }
    for (const call of h.fake.calls) expect(JSON.stringify(call.body ?? '')).not.toContain(h.fake.token);
    expect(h.logs.join('\n')).not.toContain(h.fake.token);
    // Every run is timed and logged with the user, never with the token.
    expect(h.logs.some((l) => /handled .*"name":"\/ask".*"user":"\d+".*"ms":\d+/.test(l))).toBe(true);
  });
});
