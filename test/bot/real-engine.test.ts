/** End to end: the bot on the real retrieval engine over the bundled corpus (keyword mode, temporary index). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { openEngine } from '../../src/search/engine.js';
import type { QaEngine } from '../../src/types.js';
import type { Json } from './fake-discord.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness<QaEngine>;
let indexDir: string;

beforeAll(async () => {
  indexDir = await mkdtemp(path.join(tmpdir(), 'bot-e2e-index-'));
  const config = {
    ...readConfig({}, process.cwd()),
    corpusDir: path.resolve('corpus'),
    indexDir,
    embeddings: 'none' as const,
    defaultMode: 'lexical' as const,
  };
  const engine = await openEngine(config);
  h = await startHarness({ engine, config: { corpusDir: config.corpusDir, indexDir, embeddings: 'none', defaultMode: 'lexical' } });
});

afterAll(async () => {
  await h?.stop();
  await h?.engine.close();
  if (indexDir) await rm(indexDir, { recursive: true, force: true });
});

it('answers /ask about 毛伟明 with a quoted passage and its citation from the corpus', async () => {
  const ref = h.fake.command('ask', { question: '毛伟明在全省市州长视频会上强调了什么？' }, { user: h.fake.user('900000000000000001') });
  expect((await h.fake.callback(ref)).body.type).toBe(5);
  const answer = await h.fake.edit(ref, undefined, 20_000);
  const embeds: Json[] = answer.body.embeds;
  expect(embeds.length).toBeGreaterThan(0);
  const quoted = embeds.find((e) => /毛[伟偉]明/.test(e.description));
  expect(quoted).toBeDefined();
  expect(quoted.description).toContain('**'); // the answering sentences are marked
  // Paragraphs counted from 1: a lone passage's in the citation, several passages' each above its quote, never both.
  if (/^-# (第[\d–]+段|图片说明)$/m.test(quoted.description)) expect(quoted.footer.text).not.toMatch(/段|图片说明/);
  else expect(quoted.footer.text).toMatch(/ · (第[\d–]+段|图片说明)$/);
  expect(quoted.footer.text).not.toMatch(/\.txt|[0-9a-f]{16}/); // no file names or hashes
  expect(answer.body.allowed_mentions).toEqual({ parse: [] });

  // Its "full article" button opens the article the passage came from.
  const open = answer.body.components.flatMap((r: Json) => r.components).find((b: Json) => b.custom_id.startsWith('article:'));
  const article = await h.fake.callback(h.fake.button(open.custom_id, h.fake.originalMessage(ref)));
  expect(article.body.data.flags).toBe(64);
  expect(article.body.data.embeds[0].description).toMatch(/毛[伟偉]明/);
});

it('autocompletes 毛 to a stable id that /person resolves', async () => {
  const choices = (await h.fake.callback(h.fake.autocomplete('person', 'name', '毛'))).body.data.choices;
  const mao = choices.find((c: Json) => c.name.includes('毛伟明') || c.name.includes('毛偉明'));
  expect(mao).toBeDefined();
  const reply = await h.fake.callback(h.fake.command('person', { name: mao.value }, { user: h.fake.user('900000000000000002') }));
  expect(reply.body.data.embeds[0].title).toMatch(/毛[伟偉]明/);
  expect(reply.body.data.embeds[0].fields.length).toBeGreaterThan(0);
});
