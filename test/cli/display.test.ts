/** The terminal shows the same citations and marks as Discord: both render through the presenter. */
import { describe, expect, it } from 'vitest';
import { renderView, askView } from '../../src/bot/views.js';
import { handleChatLine, type ChatSession } from '../../src/cli/chat.js';
import { renderAnswer, renderDate, renderPerson, styleFor } from '../../src/cli/format.js';
import type { Engine } from '../../src/search/engine.js';
import { chooseVoice } from '../../src/present/voice.js';
import { FakeEngine } from '../bot/fake-engine.js';

const plain = styleFor(false);

/** `**…**` runs of a text, the way both outputs mark answering sentences. */
function marked(text: string): string[] {
  return [...text.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]!);
}

describe('the terminal and Discord', () => {
  it('show one answer with the same citations and the same marked sentences', async () => {
    const engine = new FakeEngine();
    const answer = await engine.ask('毛伟明强调发展', { top: 9 });
    const terminal = renderAnswer(answer, plain);
    const discord = renderView(askView('1', chooseVoice({ text: answer.question }), answer.question, answer, 9), 'k', 0);
    const embeds = discord.embeds ?? [];
    expect(embeds.length).toBeGreaterThan(1);
    for (const e of embeds) {
      // Same citation line, paragraphs counted from 1, no file names.
      expect(terminal).toContain(`— ${e.footer!.text}`);
      expect(e.footer!.text).not.toMatch(/\.txt|¶/);
      expect(terminal).toContain(`■ ${e.title}`);
    }
    const discordMarks = embeds.flatMap((e) => marked(e.description ?? '')).map((m) => m.replace(/^…|…$/g, ''));
    for (const m of discordMarks) expect(marked(terminal)).toContain(m);
    expect(terminal).not.toMatch(/\.txt|¶/);
  });

  it('show no marks and say so when the corpus does not answer', async () => {
    const answer = await new FakeEngine().ask('全省会议', { top: 3 });
    expect(answer.answered).toBe(false);
    const terminal = renderAnswer(answer, plain);
    expect(terminal.startsWith('语料中没有段落回答这个问题。以下段落只是相关内容：')).toBe(true);
    expect(terminal).not.toContain('**');
  });

  it('follows the script of the question, or the one asked for', async () => {
    const engine = new FakeEngine();
    const traditional = renderAnswer(await engine.ask('毛偉明強調發展'), plain);
    expect(traditional).toMatch(/— 湖南省人民政府門戶網站 · 2024年2月19日$/m);
    const asked = renderAnswer(await engine.ask('毛伟明强调发展'), plain, { script: 'traditional' });
    expect(asked).toContain('毛偉明');
    expect(asked).not.toContain('毛伟明');
  });

  it('shows dates and people with the same citations', () => {
    const engine = new FakeEngine();
    const date = renderDate(engine.date('6月14日'), plain);
    expect(date).toContain('6月14日（不限年份）');
    expect(date).toMatch(/— 三湘都市报 · 6月14日（年份不详）$/m);
    const person = renderPerson(engine.person('毛伟明'), plain);
    expect(person).toContain('职务：省委副书记、省长、省政府党组书记');
    expect(person).toMatch(/— 湖南日报 · 2023年4月27日 · 作者 周帙恒( · https:\S+)?$/m);
    expect(person).not.toContain('毛偉明');
  });
});

describe('the terminal chat', () => {
  it('keeps the language the reader last wrote in for lines that do not tell it', async () => {
    const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL };
    process.env.LANG = 'en_US.UTF-8';
    delete process.env.LC_ALL;
    try {
      const engine = new FakeEngine() as unknown as Engine;
      const session: ChatSession = {};
      expect(await handleChatLine(engine, '/stats', false, session)).toMatch(/^\d+ documents/); // nothing typed yet: the terminal's English
      await handleChatLine(engine, '毛偉明強調了什麼', false, session);
      expect(await handleChatLine(engine, '/stats', false, session)).toMatch(/^\d+ 個文件/);
      expect(await handleChatLine(engine, '/date 2024-02-19', false, session)).toMatch(/^2024年2月19日：/);
      await handleChatLine(engine, 'What did he say?', false, session);
      expect(await handleChatLine(engine, '/stats', false, session)).toMatch(/^\d+ documents/);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
