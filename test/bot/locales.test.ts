/**
 * Every kind of reply in the member's language (interaction locales zh-CN,
 * zh-TW, en-US): its wording, one script over the whole visible text (checked
 * with the script detector), citations without file names, passages grouped
 * by article, button labels, and no internal ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptCounts } from '../../src/corpus/script.js';
import type { Json } from './fake-discord.js';
import { Deferred } from './fake-engine.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let nextUser = 300000000000000000n;

beforeAll(async () => {
  h = await startHarness({ config: { rateLimitCount: 4 } });
});

afterAll(async () => {
  await h?.stop();
});

/** Everything a member reads in a message: content, embeds, button labels. */
function visibleText(data: Json): string {
  const parts: string[] = [data.content ?? ''];
  for (const e of data.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '', e.author?.name ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  for (const row of data.components ?? []) for (const b of row.components) parts.push(b.label ?? '');
  // Discord's own markup is not text: timestamps and mentions render in the reader's locale.
  return parts.join('\n').replace(/<(?:t:\d+:\w|@!?\d+)>/g, '');
}

function labels(data: Json): string[] {
  return (data.components ?? []).flatMap((r: Json) => r.components.map((b: Json) => b.label));
}

function ids(data: Json): string[] {
  return (data.components ?? []).flatMap((r: Json) => r.components.map((b: Json) => b.custom_id));
}

const INTERNAL_ID = /\b(?:query|date|person|article|rate|page|button|command|reindex|bot)\.[a-z_]+\b|-# internal/;
const FILE_NAME = /\.(?:txt|md)\b|[0-9a-f]{16}|¶/;

interface Expected {
  script: 'simplified' | 'traditional';
  page: RegExp;
  marked: string;
  unanswered: string;
  article: string;
  next: string;
  paragraph: string;
  yearUnknown: string;
  dateError: string;
  help: string;
  rate: RegExp;
  reindexDone: string;
}

const LOCALES: Record<string, Expected> = {
  'zh-CN': {
    script: 'simplified',
    page: /第 1\/\d+ 页/,
    marked: '**加粗**的句子回答了问题',
    unanswered: '语料中没有段落回答这个问题。以下段落只是相关内容：',
    article: '📄 全文：',
    next: '下一页 ▶',
    paragraph: '第1段',
    yearUnknown: '6月14日（年份不详）',
    dateError: '无法把“下个星期”读成日期',
    help: '❓ 湘闻问答',
    rate: /^⚠️ 每人每 1 分钟最多提问 4 次。<t:\d+:R>可以再问。$/,
    reindexDone: '索引重建完成',
  },
  'zh-TW': {
    script: 'traditional',
    page: /第 1\/\d+ 頁/,
    marked: '**加粗**的句子回答了問題',
    unanswered: '語料中沒有段落回答這個問題。以下段落只是相關內容：',
    article: '📄 全文：',
    next: '下一頁 ▶',
    paragraph: '第1段',
    yearUnknown: '6月14日（年份不詳）',
    dateError: '無法把“下個星期”讀成日期',
    help: '❓ 湘聞問答',
    rate: /^⚠️ 每人每 1 分鐘最多提問 4 次。<t:\d+:R>可以再問。$/,
    reindexDone: '索引重建完成',
  },
  'en-US': {
    script: 'simplified', // the default for Chinese in an English reply when nothing was typed in 繁體
    page: /Page 1 of \d+/,
    marked: 'sentences in **bold** answer the question',
    unanswered: 'No passage in the corpus answers this. These passages are only related:',
    article: '📄 Full article: ',
    next: 'Next ▶',
    paragraph: 'para. 1',
    yearUnknown: '14\u00a0June (year unknown)',
    dateError: 'I cannot read “下个星期” as a date',
    help: '❓ Hunan news Q&A',
    rate: /^⚠️ You can ask 4 questions every 1 min\. You can ask again <t:\d+:R>\.$/,
    reindexDone: 'Re-index done',
  },
};

for (const [locale, want] of Object.entries(LOCALES)) {
  describe(`a member whose Discord is in ${locale}`, () => {
    const other = want.script === 'simplified' ? 'traditional' : 'simplified';
    const where = () => ({ user: h.fake.user(String(nextUser++)), locale });
    /** Every reply is checked the same way: one script, no file names, no internal ids. */
    const check = (data: Json, options: { files?: boolean } = {}): string => {
      const text = visibleText(data);
      // File names (small lines in /sources) are the corpus's own, not shown text.
      const counts = scriptCounts(options.files ? text.replace(/^-# .*$/gm, '') : text);
      // A Chinese reply is in the member's script; an English one in one script, whichever the question had.
      if (locale === 'en-US') expect(Math.min(counts.simplified, counts.traditional), text).toBe(0);
      else expect(counts[other], text).toBe(0);
      if (!options.files) expect(text).not.toMatch(FILE_NAME);
      expect(text).not.toMatch(INTERNAL_ID);
      return text;
    };
    const ask = async (options: Record<string, string | number>) => {
      const ref = h.fake.command('ask', options, where());
      await h.fake.callback(ref);
      return { ref, data: (await h.fake.edit(ref)).body };
    };

    it('answers in its language and script, grouped by article, one full-article button per article', async () => {
      // A question in 繁體 about a 简体 article: the reply still follows the member.
      const { data } = await ask({ question: '毛偉明強調發展', passages: 10 });
      const text = check(data);
      expect(data.content).toMatch(want.page);
      expect(data.content).toContain(want.marked);
      const titles = data.embeds.map((e: Json) => e.title);
      expect(new Set(titles).size).toBe(titles.length); // each article once
      expect(data.embeds.length).toBeLessThan(9); // 9 passages under fewer headings
      expect(text).toContain(want.paragraph);
      const articleLabels = labels(data).filter((l) => l.startsWith(want.article));
      expect(articleLabels).toHaveLength(data.embeds.length);
      expect(new Set(ids(data).filter((i) => i.startsWith('article:'))).size).toBe(data.embeds.length);
      expect(data.components.length).toBeLessThanOrEqual(2); // ten passages, not five rows of buttons
      expect(data.embeds.some((e: Json) => e.description.includes('**'))).toBe(true);
    });

    it('says plainly when nothing answers, and marks nothing', async () => {
      const { data } = await ask({ question: '全省会议' });
      check(data);
      expect(data.content).toContain(want.unanswered);
      expect(data.content).not.toContain(want.marked);
      for (const e of data.embeds) expect(e.description).not.toContain('**');
    });

    it('pages and opens the full article in the same script', async () => {
      const { ref, data } = await ask({ question: '毛伟明强调发展', passages: 2 });
      const more = ids(data).find((i) => i.startsWith('more:'))!;
      const page = await h.fake.callback(h.fake.button(more, h.fake.originalMessage(ref), { user: ref.payload.member.user, locale }));
      check(page.body.data);
      expect(labels(page.body.data)).toContain(want.next);
      const open = ids(data).find((i) => i.startsWith('article:'))!;
      const article = await h.fake.callback(h.fake.button(open, h.fake.originalMessage(ref), where()));
      check(article.body.data);
      expect(article.body.data.embeds[0].description).toMatch(/^> /m); // the quoted paragraph, set off
    });

    it('shows a date, a person and autocomplete labels in one script', async () => {
      const date = await h.fake.callback(h.fake.command('date', { when: '6月14日' }, where()));
      const dateText = check(date.body.data);
      expect(dateText.split(want.yearUnknown).length - 1).toBe(1); // said once
      const feb = await h.fake.callback(h.fake.command('date', { when: '2024年2月' }, where()));
      check(feb.body.data); // a 繁體 article under this heading
      const person = await h.fake.callback(h.fake.command('person', { name: '毛偉明' }, where()));
      check(person.body.data);
      const choices = await h.fake.callback(h.fake.autocomplete('person', 'name', '毛', where()));
      for (const c of choices.body.data.choices) {
        const counts = scriptCounts(c.name);
        expect(locale === 'en-US' ? Math.min(counts.simplified, counts.traditional) : counts[other], c.name).toBe(0);
      }
    });

    it('lists sources (file names for whoever keeps the corpus), stats and help in its language', async () => {
      const sources = await h.fake.callback(h.fake.command('sources', {}, where()));
      check(sources.body.data, { files: true });
      const stats = await h.fake.callback(h.fake.command('stats', {}, where()));
      check(stats.body.data);
      const help = await h.fake.callback(h.fake.command('help', {}, where()));
      check(help.body.data);
      expect(help.body.data.embeds[0].title).toBe(want.help);
      expect(help.body.data.embeds[0].description).not.toMatch(/(^|[^*])\*[^*]/); // no italics
    });

    it('words errors and the rate limit without ids, and logs the ids', async () => {
      const error = await h.fake.callback(h.fake.command('date', { when: '下个星期' }, where()));
      const text = check(error.body.data);
      expect(text).toContain(want.dateError);
      const user = where();
      for (let i = 0; i < 4; i++) await h.fake.callback(h.fake.command('date', { when: '2024年2月' }, user));
      const limited = await h.fake.callback(h.fake.command('date', { when: '2024年2月' }, user));
      check(limited.body.data);
      expect(limited.body.data.content).toMatch(want.rate);
      expect(h.logs.some((l) => l.includes('date.unparseable'))).toBe(true);
      expect(h.logs.some((l) => l.includes('rate.limited'))).toBe(true);
    });

    it('reports a re-index in its language, saying what it embedded', async () => {
      h.engine.reindexGate = new Deferred();
      const ref = h.fake.command('reindex', { mode: 'full' }, { ...where(), permissions: '32' });
      const progress = await h.fake.edit(ref, (b: Json) => (b.content ?? '').includes('0 / 40'));
      check(progress.body);
      h.engine.reindexGate.resolve();
      h.engine.reindexGate = null;
      const done = await h.fake.edit(ref, (b: Json) => (b.content ?? '').includes(want.reindexDone));
      check(done.body);
      expect(done.body.content).toMatch(/35/);
    });
  });
}

describe('the script option and messages', () => {
  it('a zh-CN member asking for 繁體 gets the whole reply in 繁體, wording included', async () => {
    const ref = h.fake.command('ask', { question: '毛伟明在市州长视频会上强调了什么？', script: 'traditional' }, { user: h.fake.user(String(nextUser++)), locale: 'zh-CN' });
    await h.fake.callback(ref);
    const data = (await h.fake.edit(ref)).body;
    expect(scriptCounts(visibleText(data)).simplified).toBe(0);
    expect(data.content).toMatch(/第 1\/\d+ 頁/);
  });

  it('a mention in 繁體 is answered in 繁體', async () => {
    const since = h.fake.calls.length;
    h.fake.userMessage('毛偉明在市州長視頻會上強調了什麼？', { user: h.fake.user(String(nextUser++)) });
    const reply = await h.fake.waitFor((c) => c.index >= since && c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
    const text = visibleText(reply.body);
    expect(scriptCounts(text).simplified).toBe(0);
    expect(text).toContain('頁');
    expect(text).not.toMatch(FILE_NAME);
  });
});
