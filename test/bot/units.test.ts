/** The bot's pure parts: trimming, quoting, limits, custom ids, limiters, progress. */
import { escapeMarkdown, type APIEmbed } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { normalizeApiBase } from '../../src/bot/client.js';
import { date as dateCommand, DATE_FORM_EXAMPLES } from '../../src/bot/commands/date.js';
import { decodeButton, encodeButton, fileToken, resolveFileToken } from '../../src/bot/custom-ids.js';
import { stripBotMention } from '../../src/bot/dispatcher.js';
import { progressBar } from '../../src/bot/format.js';
import { FairLimiter, RateLimiter } from '../../src/bot/limiter.js';
import { LIMITS } from '../../src/bot/limits.js';
import { TtlLru } from '../../src/bot/lru.js';
import { ReindexTracker, ThrottledEditor } from '../../src/bot/progress.js';
import { renderQuote } from '../../src/bot/quote.js';
import { describeError, embedLength, escape, fitEmbeds, shape } from '../../src/bot/reply.js';
import { truncateAtSentence } from '../../src/bot/trim.js';
import { formatDuration } from '../../src/present/messages.js';
import { UserError } from '../../src/errors.js';
import { parseDateQuery } from '../../src/search/date-query.js';
import { silentLogger } from '../../src/util/log.js';
import { FakeEngine } from './fake-engine.js';

const TEXT = '省委书记沈晓明来到衡阳。接连三天，调研两地经济社会发展情况！随后主持召开座谈会？“实”字当头。';

describe('trimming', () => {
  it('truncates at a sentence boundary with an ellipsis', () => {
    const cut = truncateAtSentence(TEXT, 31);
    expect(cut).toBe('省委书记沈晓明来到衡阳。接连三天，调研两地经济社会发展情况！…');
    expect(truncateAtSentence(TEXT, 30)).toBe('省委书记沈晓明来到衡阳。…');
    expect(truncateAtSentence(TEXT, 1000)).toBe(TEXT);
  });

  it('cuts a single over-long sentence at a clause, never leaving a dangling escape or open bold', () => {
    const long = `**${'全力激活投资消费，'.repeat(20)}**`;
    const cut = truncateAtSentence(long, 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.match(/\*\*/g)?.length).toBe(2);
    expect(truncateAtSentence('a\\\\\\*b'.repeat(20), 10)).not.toMatch(/[^\\]\\…$/);
  });
});

describe('escape', () => {
  it('matches escapeMarkdown on short text and stays linear on long text', () => {
    const s = '据悉，@everyone 请注意：**不** 开放_参观_，~~删~~ `代码` ||剧透|| [链接](https://x.y)';
    expect(escape(s)).toBe(escapeMarkdown(s, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }));
    const long = s.repeat(200);
    const started = performance.now();
    const out = escape(long);
    expect(performance.now() - started).toBeLessThan(500);
    expect(out).not.toMatch(/(?<!\\)\*\*/); // every ** escaped, even across pieces
    expect(out).not.toMatch(/(?<!\\)~~/);
  });
});

describe('quotes', () => {
  it('bolds the answering sentences, escaping the rest', () => {
    const text = '会议指出，要**抓落实**。毛伟明强调，要把改善民生作为第一政绩。会议结束。';
    const start = text.indexOf('毛伟明');
    const end = text.indexOf('会议结束');
    expect(renderQuote(text, [[start, end]], 1000)).toBe('会议指出，要\\*\\*抓落实\\*\\*。**毛伟明强调，要把改善民生作为第一政绩。**会议结束。');
  });

  it('keeps the answer and its nearest neighbours within the budget, marking gaps', () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `第${i}句，全力激活投资消费，强化专班式推进。`);
    sentences[20] = '答案就在这里。';
    const text = sentences.join('');
    const start = text.indexOf('答案');
    const quote = renderQuote(text, [[start, start + '答案就在这里。'.length]], 200);
    expect(quote.length).toBeLessThanOrEqual(200);
    expect(quote).toContain('**答案就在这里。**');
    expect(quote).toContain('第19句');
    expect(quote).toContain('第21句');
    expect(quote.startsWith('…')).toBe(true);
    expect(quote.endsWith('…')).toBe(true);
  });

});

describe('message limits', () => {
  it('fits ten long embeds into 6,000 characters, each part within its own limit', () => {
    const big = '全力激活投资消费，紧盯重点建设项目。'.repeat(400);
    const embeds: APIEmbed[] = Array.from({ length: 12 }, () => ({
      title: big,
      description: big,
      footer: { text: big },
      fields: Array.from({ length: 30 }, () => ({ name: big, value: big })),
    }));
    const fitted = fitEmbeds(embeds);
    expect(fitted.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
    expect(fitted.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
    for (const e of fitted) {
      expect(e.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
      expect(e.fields!.length).toBeLessThanOrEqual(LIMITS.embedFields);
      for (const f of e.fields!) expect(f.value.length).toBeLessThanOrEqual(LIMITS.embedFieldValue);
    }
  });

  it('shapes every payload with mentions off, content within 2,000, ephemeral as flag 64', () => {
    const s = shape({ content: '@everyone '.repeat(500), ephemeral: true });
    expect(s.allowedMentions).toEqual({ parse: [] });
    expect(s.content!.length).toBeLessThanOrEqual(LIMITS.content);
    expect(s.flags).toBe(64);
    expect(shape({}).content).toBe('\u200b');
  });

  it("words user errors in the reader's language without their id, and hides internals", () => {
    const error = new UserError('date.unparseable', 'Cannot read *that*.', { expr: '*那天*', examples: ['2024-02-19'] });
    expect(describeError(error, { lang: 'en', script: null }).reply.content).toBe('⚠️ I cannot read “\\*那天\\*” as a date. Write it like one of these: 2024-02-19.');
    expect(describeError(error, { lang: 'zh-Hans', script: 'simplified' }).reply.content).toBe('⚠️ 无法把“\\*那天\\*”读成日期。请按以下格式之一书写：2024-02-19。');
    expect(describeError(error, { lang: 'zh-Hant', script: 'traditional' }).reply.content).toBe('⚠️ 無法把“\\*那天\\*”讀成日期。請按以下格式之一書寫：2024-02-19。');
    expect(describeError(error, { lang: 'en', script: null }).reply.content).not.toContain('date.unparseable');
    const internal = describeError(new Error('secret path /srv/x'));
    expect(internal.id).toBe('internal');
    expect(internal.reply.content).not.toContain('/srv/x');
    expect(internal.reply.ephemeral).toBe(true);
  });
});

describe('custom ids', () => {
  it('round-trips every action, with `:` in paths and long paths hashed under 100 characters', () => {
    for (const a of [
      { action: 'more', key: 'AbC-_123', page: 2 },
      { action: 'article', paragraph: 3, script: 'traditional', file: 'a:b/c.txt' },
      { action: 'artpage', paragraph: 0, page: 4, script: null, file: '新闻/2024/湖南日报.txt' },
    ] as const) {
      expect(decodeButton(encodeButton(a))).toEqual(a);
    }
    const engine = new FakeEngine();
    engine.extraSources = 1;
    const longFile = engine.sources().at(-1)!.file.padEnd(0);
    expect(resolveFileToken(engine, fileToken(longFile))).toBe(longFile);
    const huge = `${'很长的目录名/'.repeat(30)}x.txt`;
    const id = encodeButton({ action: 'artpage', paragraph: 99999, page: 9999, script: 'simplified', file: huge });
    expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
    expect(decodeButton('more:x:notanumber')).toBeNull();
    expect(decodeButton('nonsense')).toBeNull();
  });
});

describe('limiters', () => {
  it('rate-limits per user in a sliding window and says when room frees up', () => {
    let now = 0;
    const rl = new RateLimiter(2, 10_000, () => now);
    expect(rl.take('a').ok).toBe(true);
    now = 4000;
    expect(rl.take('a').ok).toBe(true);
    const refused = rl.take('a');
    expect(refused).toEqual({ ok: false, retryAfterMs: 6000 });
    expect(rl.take('b').ok).toBe(true);
    now = 10_000;
    expect(rl.take('a').ok).toBe(true);
    expect(rl.take('a', 0).ok).toBe(true); // free commands
  });

  it('serves queued work round-robin across users, never above the bound', async () => {
    const limiter = new FairLimiter(1);
    const order: string[] = [];
    let active = 0;
    let peak = 0;
    const gate = new Array<() => void>();
    const task = (label: string) => () =>
      new Promise<void>((resolve) => {
        active++;
        peak = Math.max(peak, active);
        order.push(label);
        gate.push(() => {
          active--;
          resolve();
        });
      });
    const runs = [
      limiter.run('flood', task('f1')),
      limiter.run('flood', task('f2')),
      limiter.run('flood', task('f3')),
      limiter.run('alice', task('a1')),
      limiter.run('bob', task('b1')),
    ];
    for (let i = 0; i < 5; i++) {
      await vi.waitFor(() => expect(gate.length).toBe(i + 1));
      gate[i]!();
    }
    await Promise.all(runs);
    expect(peak).toBe(1);
    expect(order).toEqual(['f1', 'f2', 'a1', 'b1', 'f3']);
  });

  it('turns work away with bot.busy when the queue is full', async () => {
    const limiter = new FairLimiter(1, 1);
    let release!: () => void;
    const first = limiter.run('a', () => new Promise<void>((r) => (release = r)));
    const second = limiter.run('b', async () => undefined);
    await expect(limiter.run('c', async () => undefined)).rejects.toMatchObject({ id: 'bot.busy' });
    release();
    await Promise.all([first, second]);
  });

  it('expires and evicts remembered result sets', () => {
    let now = 0;
    const lru = new TtlLru<string, number>(2, 1000, () => now);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3); // evicts b, the least recently used
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    now = 1000;
    expect(lru.get('c')).toBeUndefined();
  });
});

describe('re-index progress', () => {
  it('shows the phase, counts, a bar and the time left from the current pace', () => {
    let now = 0;
    const t = new ReindexTracker(false, '42', () => now);
    t.apply({ phase: 'scan', files: 3 });
    t.apply({ phase: 'embed', done: 0, total: 100, reused: 0 });
    now = 10_000;
    t.apply({ phase: 'embed', done: 25, total: 100, reused: 10 });
    const text = t.text();
    expect(text).toContain('Embedding paragraphs: 25 / 100 (10 reused) · about 30 s left');
    expect(text).toContain(progressBar(0.2 + 0.75 * 0.25));
    expect(text).toContain('<@42>');
  });

  it('says a keyword-only re-index computed no vectors, and a sub-second one took under a second', () => {
    const t = new ReindexTracker(false, '42', () => 0, 'zh-Hans');
    const result = { documents: 5, paragraphs: 91, embedded: 0, reused: 91, removedFiles: [], warnings: [], ms: 300 };
    const text = t.doneText(result, true);
    expect(text).toContain('用时 不到 1 秒');
    expect(text).toContain('5 个文件 · 91 段 · 仅关键词索引');
    expect(text).not.toContain('复用');
    expect(t.doneText(result, false)).toContain('新计算 0 段向量，复用 91 段');
  });

  it('edits at most once per interval, always sending the final text last', async () => {
    vi.useFakeTimers();
    try {
      const sent: string[] = [];
      const editor = new ThrottledEditor(async (t) => void sent.push(t), 1500, () => Date.now(), silentLogger);
      editor.update('1');
      editor.update('2');
      await vi.advanceTimersByTimeAsync(0);
      expect(sent).toEqual(['2']);
      editor.update('3');
      editor.update('4');
      await vi.advanceTimersByTimeAsync(1000);
      expect(sent).toEqual(['2']);
      await vi.advanceTimersByTimeAsync(600);
      expect(sent).toEqual(['2', '4']);
      editor.update('5');
      await editor.finish('done');
      expect(sent.at(-1)).toBe('done');
      expect(sent).not.toContain('5');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('small helpers', () => {
  it('shows /date forms the engine reads, within the 100-character limit in every language', () => {
    const when = dateCommand.data.options?.[0] as { description: string; description_localizations: Record<string, string> };
    expect(when.description.length).toBeLessThanOrEqual(100);
    for (const text of Object.values(when.description_localizations)) expect(text.length).toBeLessThanOrEqual(100);
    expect(DATE_FORM_EXAMPLES).toHaveLength(5);
    for (const form of DATE_FORM_EXAMPLES) expect(parseDateQuery(form).ok, form).toBe(true);
  });

  it('normalises DISCORD_API_BASE to what discord.js expects', () => {
    expect(normalizeApiBase('http://127.0.0.1:9/api/')).toBe('http://127.0.0.1:9/api');
    expect(normalizeApiBase('https://proxy.example/api/v10')).toBe('https://proxy.example/api');
    expect(normalizeApiBase('  ')).toBeUndefined();
  });

  it('strips the bot mention in both forms', () => {
    expect(stripBotMention('<@123> 毛伟明 <@!123>？', '123')).toBe('毛伟明 ？');
  });

  it('formats durations with two units at most', () => {
    expect(formatDuration(42_000, 'en')).toBe('42 s');
    expect(formatDuration(185_000, 'en')).toBe('3 min 5 s');
    expect(formatDuration(3 * 3600_000 + 60_000, 'en')).toBe('3 h 1 min');
    expect(formatDuration(185_000, 'zh-Hans')).toBe('3 分钟 5 秒');
    expect(formatDuration(3 * 3600_000, 'zh-Hant')).toBe('3 小時');
  });
});

describe('the full article', () => {
  it('heads each paragraph with the label its citations use: counted within the article, captions and by-lines named', async () => {
    const { articlePages } = await import('../../src/bot/views.js');
    const { chooseVoice } = await import('../../src/present/voice.js');
    const citation = { title: '毛偉明主持省政府黨組會議', date: null, dateText: '日期不详', source: null, url: null, reporters: [], file: 'a.txt' };
    // The article is the file's second: its paragraphs sit at 10–13 of the file.
    const article = {
      citation,
      title: citation.title,
      paragraphs: [
        { paragraph: 10, text: '2月19日下午,毛偉明主持召開省政府黨組會議。', number: 1 },
        { paragraph: 11, text: '2月19日下午,毛偉明主持召開會議。劉尚文 攝', kind: 'caption' as const, number: null },
        { paragraph: 12, text: '會議要求,要聚焦十個方面。', number: 2 },
        { paragraph: 13, text: '(文/孫敏堅 黃晗 圖/劉尚文)', kind: 'byline' as const, number: null },
      ],
    };
    const [page] = articlePages(article, 12, chooseVoice({ text: '毛偉明' }));
    expect(page!.text).toBe(
      [
        '-# 第1段\n2月19日下午，毛偉明主持召開省政府黨組會議。',
        '-# 圖片說明\n2月19日下午，毛偉明主持召開會議。劉尚文 攝',
        '> -# 第2段\n> 會議要求，要聚焦十個方面。',
        '-# 署名\n（文/孫敏堅 黃晗 圖/劉尚文）',
      ].join('\n\n'),
    );
    const [simplified] = articlePages(article, 10, chooseVoice({ text: '毛伟明' }));
    expect(simplified!.text).toContain('-# 图片说明\n2月19日下午，毛伟明主持召开会议。');
    expect(simplified!.text.startsWith('> -# 第1段\n> 2月19日下午，')).toBe(true);
  });
});
