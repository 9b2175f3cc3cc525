/** Registration (`npm run register`) and login against the fake Discord: scopes, application id, a wrong token. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerFromConfig } from '../../src/bot/register.js';
import { runBot } from '../../src/bot/run.js';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/util/log.js';
import { FakeDiscord } from './fake-discord.js';
import { FakeEngine } from './fake-engine.js';

let fake: FakeDiscord;
const logs: string[] = [];
const log = createLogger('debug', (l) => logs.push(l));

beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake?.close();
});

it('registers globally when no guild is set, asking Discord for the application id', async () => {
  const config = { ...readConfig({}), discordToken: fake.token, discordApiBase: `${fake.apiBase}/v10/` };
  const r = await registerFromConfig(config, log);
  expect(r).toMatchObject({ scope: 'global', applicationId: fake.applicationId });
  expect(r.commands).toContain('ask');
  const put = await fake.waitFor((c) => c.method === 'PUT');
  expect(put.path).toBe(`/applications/${fake.applicationId}/commands`);
  expect(put.authorized).toBe(true);
  expect(fake.calls.some((c) => c.path === '/applications/@me')).toBe(true);
  expect(logs.join('\n')).not.toContain(fake.token);
});

it('registers to a guild with a configured application id, and refuses without a token', async () => {
  const config = { ...readConfig({}), discordToken: fake.token, discordApiBase: fake.apiBase, discordApplicationId: fake.applicationId, discordGuildId: fake.guildId };
  const since = fake.calls.length;
  expect((await registerFromConfig(config, log)).scope).toBe('guild');
  expect(fake.calls.slice(since).map((c) => `${c.method} ${c.path}`)).toEqual([`PUT /applications/${fake.applicationId}/guilds/${fake.guildId}/commands`]);
  await expect(registerFromConfig({ ...config, discordToken: null }, log)).rejects.toMatchObject({ id: 'config.discord_token' });
});

it('refuses to start with a wrong token, without repeating it', async () => {
  const wrong = 'wrong.token-abcdefghijklmnop';
  const config = { ...readConfig({}), discordToken: wrong, discordApiBase: fake.apiBase };
  const failure = await runBot(config, new FakeEngine(), log).then(
    () => null,
    (e: unknown) => e as { id: string; message: string },
  );
  expect(failure?.id).toBe('discord.login');
  expect(failure?.message).not.toContain(wrong);
  expect(logs.join('\n')).not.toContain(wrong);
});
