/**
 * Every kind of bot reply, as Discord message bodies, to look at: the real bot
 * on the real bundled corpus (keyword index, built in a temporary folder)
 * against the test suite's fake Discord, in zh-CN, zh-TW and en-US. Writes
 * `bench/out/discord/scenes.json` in the scene format of a Discord renderer
 * (messages are the bodies the bot sent); draw them with one, e.g.
 * `node discord-render/render.mjs bench/out/discord/scenes.json --out bench/out/discord`.
 *
 *   npx tsx bench/discord-scenes.ts [--corpus corpus] [--out bench/out/discord]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../src/config.js';
import { openEngine } from '../src/search/engine.js';
import type { QaEngine } from '../src/types.js';
import { PERMISSIONS, type FakeUser, type InteractionRef, type Json, type RecordedCall } from '../test/bot/fake-discord.js';
import { messageCalls, messageData, startHarness, type Harness } from '../test/bot/harness.js';

const { values } = parseArgs({ options: { corpus: { type: 'string', default: 'corpus' }, out: { type: 'string', default: 'bench/out/discord' } } });

interface Scene {
  name: string;
  caption: string;
  now: number;
  messages: Json[];
  context: Json[];
  autocomplete: Json | null;
}

const BOT = { id: '9', username: 'HunanNewsBot', bot: true };
const scenes: Scene[] = [];
const users: Record<string, string> = {};
let userSeq = 0;

function newUser(h: Harness<QaEngine>, name: string): FakeUser {
  const user = h.fake.user(String(800000000000000000n + BigInt(++userSeq)), name);
  users[user.id] = name;
  return user;
}

/** A message body as the renderer takes it: the bot's data, the command that asked, when it was sent. */
function shown(data: Json, command: string | null, user: FakeUser, extra: Json = {}): Json {
  return {
    author: BOT,
    content: data.content ?? '',
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    flags: data.flags ?? 0,
    ...(command ? { interaction_metadata: { name: command, user: { username: user.username } } } : {}),
    ...extra,
  };
}

/** The last visible message the bot sent for an interaction (callback, or edit of its deferral). */
async function lastMessage(h: Harness<QaEngine>, ref: InteractionRef, settle = 300): Promise<Json> {
  await h.fake.callback(ref, 20_000);
  await new Promise((r) => setTimeout(r, settle));
  const calls: RecordedCall[] = messageCalls(h.fake.callsFor(ref));
  const last = calls.at(-1);
  if (!last) {
    // Deferred and then edited: wait for the edit.
    return messageData(await h.fake.edit(ref, undefined, 20_000));
  }
  return messageData(last);
}

function add(name: string, caption: string, messages: Json[], extra: Partial<Scene> = {}): void {
  scenes.push({ name, caption, now: Date.now(), messages, context: [], autocomplete: null, ...extra });
}

async function run(): Promise<void> {
  const indexDir = await mkdtemp(path.join(tmpdir(), 'discord-scenes-'));
  const corpusDir = path.resolve(values.corpus!);
  const config = { ...readConfig({}, process.cwd()), corpusDir, indexDir, embeddings: 'none' as const, defaultMode: 'lexical' as const };
  const engine = await openEngine(config);
  const h = await startHarness<QaEngine>({ engine, config: { corpusDir, indexDir, embeddings: 'none', defaultMode: 'lexical', rateLimitCount: 3 } });
  try {
    const locales: Array<[string, string]> = [
      ['zh-CN', 'hans'],
      ['zh-TW', 'hant'],
      ['en-US', 'en'],
    ];
    for (const [locale, tag] of locales) {
      const member = () => ({ user: newUser(h, 'member'), locale });
      const slash = async (n: string, command: string, options: Record<string, string | number>, caption: string, where = member()) => {
        const ref = h.fake.command(command, options, where);
        const data = await lastMessage(h, ref);
        add(`${tag}-${n}`, caption, [shown(data, command, where.user!)]);
        return { ref, data, where };
      };
      const ask = await slash('01-ask', 'ask', { question: '沈晓明去了哪些地方调研' }, '/ask question:沈晓明去了哪些地方调研');
      // Next page and the full article, pressed by the asker.
      const buttons = (ask.data.components ?? []).flatMap((r: Json) => r.components ?? []);
      const next = buttons.find((b: Json) => /^more:/.test(b.custom_id ?? '') && /▶/.test(b.label ?? '') );
      const original = h.fake.originalMessage(ask.ref);
      if (next) {
        const ref = h.fake.button(next.custom_id, original, ask.where);
        add(`${tag}-03-page2`, `${next.label} (pressed by the asker)`, [shown(await lastMessage(h, ref), 'ask', ask.where.user!, { edited_timestamp: new Date().toISOString() })]);
      }
      const article = buttons.find((b: Json) => /📄/.test(b.label ?? ''));
      if (article) {
        const ref = h.fake.button(article.custom_id, original, ask.where);
        add(`${tag}-04-article`, `${article.label}`, [shown(await lastMessage(h, ref), null, ask.where.user!)]);
      }
      await slash('02-unanswered', 'ask', { question: '湖南的GDP是多少' }, '/ask question:湖南的GDP是多少');
      await slash('02b-ask-traditional', 'ask', { question: '毛偉明在全省市州長視頻會上強調了什麼', passages: 5 }, '/ask question:毛偉明在全省市州長視頻會上強調了什麼 passages:5');
      await slash('02c-ask-pinyin', 'ask', { question: 'mao weiming' }, '/ask question:mao weiming');
      await slash('02d-ask-list', 'ask', { question: '“十个方面”是哪些' }, '/ask question:“十个方面”是哪些');
      await slash('02e-ask-caption', 'ask', { question: '唐俊拍了什么照片' }, '/ask question:唐俊拍了什么照片');
      await slash('02f-ask-english', 'ask', { question: 'What did Mao Weiming stress?' }, '/ask question:What did Mao Weiming stress?');
      await slash('02g-ask-date', 'ask', { question: '6月14日发生了什么' }, '/ask question:6月14日发生了什么');
      await slash('02h-ask-credit', 'ask', { question: '党组会议那篇报道的照片是谁拍的' }, '/ask question:党组会议那篇报道的照片是谁拍的');
      await slash('02i-ask-credit-no-subject', 'ask', { question: '文章作者是谁' }, '/ask question:文章作者是谁');
      await slash('02j-ask-place', 'ask', { question: '毛偉明赴岳陽調研走進了哪些產業園' }, '/ask question:毛偉明赴岳陽調研走進了哪些產業園');
      await slash('02k-ask-editor', 'ask', { question: '省政府黨組會議那篇報道的責任編輯是誰' }, '/ask question:省政府黨組會議那篇報道的責任編輯是誰');
      await slash('05-date', 'date', { when: '11月12日' }, '/date when:11月12日');
      await slash('05b-date-year', 'date', { when: '2024年2月' }, '/date when:2024年2月');
      await slash('06-person', 'person', { name: '沈晓明' }, '/person name:沈晓明');
      const ac = h.fake.autocomplete('person', 'name', '毛', member());
      const choices = (await h.fake.callback(ac)).body?.data?.choices ?? [];
      add(`${tag}-06b-autocomplete`, '/person name:毛 (typing)', [], { autocomplete: { command: 'person', option: 'name', typed: '毛', choices } });
      const acPinyin = h.fake.autocomplete('person', 'name', 'shen', member());
      const choicesPinyin = (await h.fake.callback(acPinyin)).body?.data?.choices ?? [];
      add(`${tag}-06c-autocomplete-pinyin`, '/person name:shen (typing)', [], { autocomplete: { command: 'person', option: 'name', typed: 'shen', choices: choicesPinyin } });
      await slash('07-sources', 'sources', {}, '/sources');
      await slash('08-stats', 'stats', {}, '/stats');
      await slash('09-help', 'help', {}, '/help');
      await slash('10-error-date', 'date', { when: '明年' }, '/date when:明年');
      await slash('10b-error-person', 'person', { name: '张三' }, '/person name:张三');
      // Rate limit: a fourth question inside the window.
      const limited = member();
      for (let i = 0; i < 3; i++) await lastMessage(h, h.fake.command('ask', { question: `毛伟明强调了什么 ${i}` }, limited));
      await slash('11-rate-limit', 'ask', { question: '毛伟明强调了什么' }, '/ask (fourth question within a minute)', limited);
      // Re-index: the progress message as first posted and as finished.
      const admin = { user: newUser(h, 'admin'), locale, permissions: PERMISSIONS.admin };
      const ref = h.fake.command('reindex', {}, admin);
      await h.fake.callback(ref, 20_000);
      const done = await h.fake.edit(ref, (b) => /✅|❌/.test(b.content ?? ''), 60_000);
      const edits = messageCalls(h.fake.callsFor(ref)).map(messageData);
      add(`${tag}-12-reindex-progress`, '/reindex (in progress)', [shown(edits.find((e) => !/✅|❌/.test(e.content ?? '')) ?? edits[0], 'reindex', admin.user)]);
      add(`${tag}-12b-reindex-done`, '/reindex (done)', [shown(messageData(done), 'reindex', admin.user)]);
      const refused = await slash('12c-reindex-forbidden', 'reindex', {}, '/reindex by a member without Manage Server', { ...member(), permissions: PERMISSIONS.member } as ReturnType<typeof member>);
      void refused;
      // A mention and a DM: the question's script decides.
      const asker = newUser(h, 'member');
      const mention = h.fake.userMessage('毛偉明強調了什麼？', { user: asker });
      const reply = await h.fake.waitFor((c) => c.method === 'POST' && c.body?.message_reference?.message_id === mention.id, { timeoutMs: 20_000 });
      add(`${tag}-13-mention`, '@HunanNewsBot 毛偉明強調了什麼？', [
        { author: { id: asker.id, username: asker.username }, content: `@HunanNewsBot 毛偉明強調了什麼？`, embeds: [], components: [] },
        shown(reply.body, null, asker, { referenced_message: { author: { username: asker.username }, content: '毛偉明強調了什麼？' } }),
      ]);
    }
  } finally {
    await h.stop();
    await engine.close();
    await rm(indexDir, { recursive: true, force: true });
  }
  await mkdir(values.out!, { recursive: true });
  const file = path.join(values.out!, 'scenes.json');
  await writeFile(file, JSON.stringify({ users, scenes }, null, 1));
  process.stderr.write(`${scenes.length} scenes → ${file}\n`);
}

await run();
