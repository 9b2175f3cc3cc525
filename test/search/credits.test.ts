/** Questions asking who wrote or photographed a report: answered from its by-line and photo credits. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askView, renderView } from '../../src/bot/views.js';
import { renderAnswer, styleFor } from '../../src/cli/format.js';
import { readConfig } from '../../src/config.js';
import { t } from '../../src/present/messages.js';
import { chooseVoice } from '../../src/present/voice.js';
import { creditQuestion } from '../../src/search/credits.js';
import { Engine, openEngine } from '../../src/search/engine.js';
import type { Answer } from '../../src/types.js';
import { openBundledEngine, type BundledEngine } from './bundled-engine.js';

const plain = styleFor(false);
/** The names an answer marks, as written in its passages. */
const marked = (a: Answer) => a.passages.flatMap((p) => p.sentences);

describe('which questions ask for a credit, and what their subject is', () => {
  it.each([
    ['毛伟明赴株洲督导的报道是谁写的', 'text', '毛伟明赴株洲督导', true],
    ['這篇關於十個方面的文章作者是誰？', 'text', '十个方面', true],
    ['湖南日报关于产业工人队伍建设改革的记者是谁', 'text', '产业工人队伍建设改革', true],
    ['谁写了毛伟明主持省政府党组会议的报道', 'text', '毛伟明主持省政府党组会议', true],
    ['谁是省政府党组会议报道的作者', 'text', '省政府党组会议', true],
    ['毛偉明主持省政府黨組會議的報導是誰寫的', 'text', '毛伟明主持省政府党组会议', true],
    ['产业工人队伍建设改革会议的通讯员叫什么名字', 'text', '产业工人队伍建设改革会议', true],
    ['沈晓明在郴州调研的照片是谁拍的', 'photo', '沈晓明在郴州调研', true],
    ['盾构机下线照片的作者是谁', 'photo', '盾构机下线', true],
    ['这篇报道是哪位记者写的？', 'text', '', true],
    ['这张照片是谁拍的', 'photo', '', true],
    // The work after the question word.
    ['毛伟明主持的省政府党组会议是谁拍的照片', 'photo', '毛伟明主持的省政府党组会议', true],
    ['湘伴督導是誰寫的報道？', 'text', '湘伴督导', true],
    ['图片来源是哪里', 'photo', '', true],
    // Worded as a book's or a film's credit is too: answered from the text when the report found credits no one.
    ['《论自由》的作者是谁？', 'text', '论自由', false],
    ['萊茵守軍戰曲是由誰寫的?', 'text', '莱茵守军战曲', false],
    ['李殿勳在IGBT產業園調研的攝影是誰', 'photo', '李殿勋在igbt产业园调研', false],
    ['湘伴那篇稿子的编辑是谁？', 'editor', '湘伴', true],
    ['湘伴那篇稿子的編輯是誰？', 'editor', '湘伴', true],
    ['省政府党组会议的报道是谁编辑的', 'editor', '省政府党组会议', true],
    ['省政府黨組會議報道的責任編輯是誰', 'editor', '省政府党组会议', true],
    ['这本书的编辑是谁', 'editor', '书', false],
  ])('%s → %s credit about “%s” (a report named: %s)', (q, kind, subject, report) => {
    expect(creditQuestion(q)).toEqual({ kind, subject, report });
  });

  it.each([
    ['记者在株洲看到了什么', 'a reporter as what the text is about'],
    ['哪些记者参加了会议', 'which reporters attended: content'],
    ['习近平给谁写了回信', 'who was written to, no report'],
    ['作者在文中提到了哪些城市', 'the author as content'],
    ['毛伟明强调了什么', 'no credit word'],
  ])('%s is not a credit question (%s)', (q) => {
    expect(creditQuestion(q)).toBeNull();
  });
});

describe('credit questions on the bundled corpus', () => {
  let bundled: BundledEngine;
  let engine: Engine;
  beforeAll(async () => {
    bundled = await openBundledEngine('credits-test-');
    engine = bundled.engine;
  });
  afterAll(() => bundled.close());

  it('answers a by-line reporter question with the by-line of that article, names marked, and the passage that found it', async () => {
    // Three articles in one file, each with its own by-line: the one about the 万名干部联万企 meeting is quoted.
    const a = await engine.ask('万名干部联万企行动动员会议的报道记者是谁', { top: 3 });
    expect(a.answered).toBe(true);
    expect(a.credit).toMatchObject({ kind: 'text', outcome: 'credited', names: [{ name: '孙敏坚', role: '全媒体记者' }, { name: '黄晗', role: '全媒体记者' }] });
    expect(a.passages[0]!.paragraphRef.kind).toBe('byline');
    expect(a.passages[0]!.text).toBe('■湖南日报全媒体记者 孙敏坚 黄晗');
    expect(marked(a)).toEqual(['孙敏坚', '黄晗']);
    expect(a.passages[1]!.text).toContain('万名干部联万企');
    expect(a.passages[1]!.sentences).toEqual([]);
    const other = await engine.ask('产业工人队伍建设改革的报道是谁写的', { top: 3 });
    expect(marked(other)).toEqual(['王智芳', '廖为']);
    expect(other.credit!.names.map((n) => n.role)).toEqual(['全媒体记者', '通讯员']);
    expect(renderAnswer(other, plain, { voice: chooseVoice({ text: '产业工人队伍建设改革的报道是谁写的' }) })).toContain('■全媒体记者 **王智芳** 通讯员 **廖为**');
  });

  it('answers in both scripts from a by-line written `(文/… 图/…)`: the writers, not the photographer', async () => {
    const traditional = await engine.ask('這篇關於十個方面的文章作者是誰', { top: 3 });
    expect(traditional.answered).toBe(true);
    expect(marked(traditional)).toEqual(['孫敏堅', '黃晗']);
    expect(traditional.passages[0]!.text).toBe('(文/孫敏堅 黃晗 圖/劉尚文)');
    const simplified = await engine.ask('毛伟明主持省政府党组会议的报道是谁写的', { top: 3 });
    expect(simplified.credit!.names.map((n) => n.name)).toEqual(['孫敏堅', '黃晗']);
    // Shown in the reader's script, the stored quote as written.
    const shown = renderAnswer(simplified, plain, { voice: chooseVoice({ text: '毛伟明主持省政府党组会议的报道是谁写的' }) });
    expect(shown).toContain('（文/**孙敏坚** **黄晗** 图/刘尚文）');
    // The photo of the same report: the by-line's 图/.
    const photo = await engine.ask('毛伟明主持省政府党组会议的照片是谁拍的', { top: 3 });
    expect(photo.answered).toBe(true);
    expect(marked(photo)).toEqual(['劉尚文']);
  });

  it('marks a by-line written inside the lead paragraph', async () => {
    const a = await engine.ask('省委常委會會議傳達學習中國工會第十八次全國代表大會精神的報導是誰寫的', { top: 3 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.paragraph).toBe(0);
    expect(marked(a)).toEqual(['劉燕娟', '張璐']);
  });

  it('answers a photo question with the photographer of the caption the subject describes, in both scripts', async () => {
    const a = await engine.ask('李殿勋在IGBT产业园调研的照片是谁拍的', { top: 3 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.paragraphRef.kind).toBe('caption');
    expect(marked(a)).toEqual(['杨佳俊']);
    const b = await engine.ask('盾構機江海號下線的照片是誰拍的', { top: 3 });
    expect(marked(b)).toEqual(['郭立亮', '胡清']);
    expect(b.passages[0]!.display?.text).toContain('盾構機');
    // Not found by the subject's ranking, but its caption is the one describing him among the article's five.
    const c = await engine.ask('沈晓明调研的照片是谁拍的', { top: 3 });
    expect(marked(c)).toEqual(['唐俊']);
    expect(c.passages[0]!.text).toContain('沈晓明向果农了解石门柑橘');
  });

  it('does not pick a photographer when no caption of the report describes the photo asked about', async () => {
    // The report has five credited photos; the one of 沈晓明 is in 石门, not 郴州.
    const a = await engine.ask('沈晓明在郴州调研的照片是谁拍的', { top: 3 });
    expect(a.answered).toBe(false);
    expect(a.credit!.outcome).toBe('unmatched');
    expect(marked(a)).toEqual([]);
    expect(renderAnswer(a, plain, { voice: chooseVoice({ text: '沈晓明在郴州调研的照片是谁拍的' }) }).startsWith(t('zh-Hans', 'ask.credit_unmatched'))).toBe(true);
  });

  it('says a report is unsigned rather than quoting another report’s by-line', async () => {
    const a = await engine.ask('毛伟明在全省市州长视频会上的讲话报道是谁写的', { top: 3 });
    expect(a.answered).toBe(false);
    expect(a.credit).toMatchObject({ kind: 'text', outcome: 'uncredited', names: [] });
    expect(a.passages.every((p) => p.file === '002_d5e4687daec02d80.txt')).toBe(true);
  });

  it('refuses as usual when the corpus holds no report on the subject', async () => {
    const a = await engine.ask('长沙房价上涨的报道是谁写的', { top: 3 });
    expect(a.answered).toBe(false);
    expect(a.credit!.outcome).toBe('not_found');
    expect(marked(a)).toEqual([]);
    expect(renderAnswer(a, plain, { voice: chooseVoice({ text: '长沙房价上涨的报道是谁写的' }) }).startsWith(t('zh-Hans', 'ask.unanswered'))).toBe(true);
  });

  it('asks the reader to name the report when the question names none, in the reader’s script', async () => {
    const a = await engine.ask('文章作者是谁', { top: 3 });
    expect(a).toMatchObject({ answered: false, passages: [], credit: { kind: 'text', outcome: 'no_subject' } });
    const simplified = renderAnswer(a, plain, { voice: chooseVoice({ text: a.question }) });
    expect(simplified).toContain(t('zh-Hans', 'ask.credit_hint_text'));
    expect(simplified).toContain('请说明是哪篇报道');
    const photo = await engine.ask('這張照片是誰拍的', { top: 3 });
    const traditional = renderAnswer(photo, plain, { voice: chooseVoice({ text: photo.question }) });
    expect(traditional).toContain('請說明是哪張照片或哪篇報道');
    // The bot says the same, through the same presenter.
    const reply = renderView(askView('1', chooseVoice({ locale: 'zh-TW' }), photo.question, photo, 3), 'k', 0);
    expect(reply.content).toContain(t('zh-Hant', 'ask.credit_no_subject'));
    expect(reply.content).toContain(t('zh-Hant', 'ask.credit_hint_photo'));
  });

  it('the bot quotes the credit with the names in bold and says what is marked', async () => {
    const a = await engine.ask('李殿勋在IGBT产业园调研的照片是谁拍的', { top: 3 });
    const reply = renderView(askView('1', chooseVoice({ locale: 'zh-CN' }), a.question, a, 3), 'k', 0);
    expect(reply.content).toContain(t('zh-Hans', 'ask.credit_marked'));
    expect(reply.embeds![0]!.description).toContain('**杨佳俊**');
    expect(reply.embeds![0]!.footer!.text).toContain('湖南日报');
  });

  it('answers `是谁写的` without naming a report from the credits of the report its subject finds', async () => {
    const a = await engine.ask('毛伟明赴株洲督导是谁写的', { top: 3 });
    expect(a.credit).toMatchObject({ outcome: 'credited', names: [{ name: '周帙恒' }] });
    expect(marked(a)).toEqual(['周帙恒']);
  });

  it('answers who edited a report from its by-line’s 编辑, in both scripts, not its author', async () => {
    for (const q of ['湘伴那篇稿子的编辑是谁？', '湘伴那篇稿子的編輯是誰？']) {
      const a = await engine.ask(q, { top: 3 });
      expect(a.answered).toBe(true);
      expect(a.credit).toMatchObject({ kind: 'editor', outcome: 'credited', names: [{ name: '胡迎赢', role: '编辑' }] });
      expect(a.passages[0]!.text).toBe('作者:周帙恒编辑:胡迎赢');
      expect(marked(a)).toEqual(['胡迎赢']);
    }
    // Its author is still the by-line's 作者.
    expect(marked(await engine.ask('湘伴那篇稿子的作者是谁', { top: 3 }))).toEqual(['周帙恒']);
    // An editor given in the page's footer beside its source (`信息來源: … 責任編輯: 郭玟`) is the report's too.
    for (const q of ['省政府党组会议那篇报道的编辑是谁', '省政府黨組會議報道的責任編輯是誰']) {
      const footer = await engine.ask(q, { top: 3 });
      expect(footer.credit).toMatchObject({ kind: 'editor', outcome: 'credited', names: [{ name: '郭玟' }] });
      expect(marked(footer)).toEqual(['郭玟']);
    }
    // A report whose text names no editor is said to name none, in the reader's words.
    const none = await engine.ask('产业工人队伍建设改革的报道的责任编辑是谁', { top: 3 });
    expect(none.credit).toMatchObject({ kind: 'editor', outcome: 'uncredited', names: [] });
    expect(renderAnswer(none, plain, { voice: chooseVoice({ text: none.question }) })).toContain('该报道未注明编辑');
  });

  it('refuses a credit question in English in keyword mode, saying to ask in Chinese, and quotes no by-line', async () => {
    for (const q of ['Who wrote the report about Mao Weiming?', 'Who is the editor of that article?']) {
      const a = await engine.ask(q, { top: 3 });
      expect(a.answered).toBe(false);
      expect(marked(a)).toEqual([]);
      expect(a.passages.some((p) => p.paragraphRef.kind === 'byline')).toBe(false);
      expect(renderAnswer(a, plain, { voice: chooseVoice({ text: q }) })).toContain(t('en', 'ask.unanswered_language'));
    }
  });

  it('keeps an ordinary question mentioning 记者 a content question, answered as such', async () => {
    const a = await engine.ask('记者在株洲看到了什么', { top: 3 });
    expect(a.credit).toBeUndefined();
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.text).toContain('株洲');
  });
});

describe('credit questions on a small corpus: a signed report and an unsigned one', () => {
  let work: string;
  let engine: Engine;
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'credits-fixture-'));
    mkdirSync(path.join(work, 'corpus'));
    writeFileSync(
      path.join(work, 'corpus', 'signed.txt'),
      [
        '# 长沙市召开防汛抗旱工作会议',
        '长沙晚报7月2日讯 今日上午，长沙市召开防汛抗旱工作会议，部署全市汛期各项工作。',
        '会议要求，各区县要压实防汛责任，加强堤防巡查，确保安全度汛。',
        '7月2日，长沙市防汛抗旱工作会议现场，与会人员查看堤防巡查图。长沙晚报记者 王强 摄',
        '■长沙晚报全媒体记者 周小平 通讯员 李明',
      ].join('\n\n'),
    );
    writeFileSync(
      path.join(work, 'corpus', 'book.txt'),
      ['# 论自由', '《论自由》是英国哲学家约翰·斯图尔特·密尔所著的政治哲学著作，1859年出版。', '书中讨论了社会可以合法施加于个人的权力的性质和限度。'].join('\n\n'),
    );
    writeFileSync(
      path.join(work, 'corpus', 'unsigned.txt'),
      ['# 岳阳市举办端午龙舟赛', '6月10日，岳阳市在南湖举办端午龙舟赛，二十支队伍参加比赛。', '比赛吸引了数万名市民到湖边观看。'].join('\n\n'),
    );
    engine = await openEngine(readConfig({ CORPUS_DIR: path.join(work, 'corpus'), INDEX_DIR: path.join(work, 'index'), EMBEDDINGS: 'none' }, work));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('quotes the by-line of the signed report', async () => {
    const a = await engine.ask('长沙防汛抗旱工作会议的报道是谁写的', { top: 3 });
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.text).toBe('■长沙晚报全媒体记者 周小平 通讯员 李明');
    expect(marked(a)).toEqual(['周小平', '李明']);
    const photo = await engine.ask('长沙防汛抗旱工作会议的照片是谁拍的', { top: 3 });
    expect(marked(photo)).toEqual(['王强']);
  });

  it('says the unsigned report is unsigned, in both scripts, and never quotes the other report’s by-line', async () => {
    for (const q of ['岳阳端午龙舟赛的报道是谁写的', '岳陽端午龍舟賽的報道是誰寫的']) {
      const a = await engine.ask(q, { top: 3 });
      expect(a.answered).toBe(false);
      expect(a.credit!.outcome).toBe('uncredited');
      expect(a.passages.map((p) => p.file)).toEqual(['unsigned.txt']);
      const voice = chooseVoice({ text: q });
      expect(renderAnswer(a, plain, { voice }).startsWith(t(voice.lang, 'ask.credit_uncredited_text'))).toBe(true);
    }
    const photo = await engine.ask('岳阳端午龙舟赛的照片是谁拍的', { top: 3 });
    expect(photo.credit!.outcome).toBe('uncredited');
    expect(photo.passages.map((p) => p.file)).toEqual(['unsigned.txt']);
    expect(renderAnswer(photo, plain, { voice: chooseVoice({ text: photo.question }) })).toContain('该报道未注明摄影');
  });

  it('answers a book’s author from the text: no by-line credits it, and the question does not name a report', async () => {
    const a = await engine.ask('《论自由》的作者是谁', { top: 3 });
    expect(a.credit).toBeUndefined();
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.file).toBe('book.txt');
    expect(a.passages[0]!.sentences.join('')).toContain('密尔');
    // Named as a report, the same subject is said to be unsigned: no by-line is invented.
    const report = await engine.ask('《论自由》这篇文章的作者是谁', { top: 3 });
    expect(report.credit).toMatchObject({ outcome: 'uncredited', names: [] });
  });
});
