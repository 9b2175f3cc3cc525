/** `npm run register`: registers the slash commands and exits (the bot itself also registers at start). */
import { runEntryPoint } from '../util/entry.js';
import { registerFromConfig } from './register.js';

runEntryPoint('registration failed', async (config, log) => {
  const r = await registerFromConfig(config, log);
  process.stdout.write(
    `Registered ${r.commands.length} commands (${r.commands.map((c) => `/${c}`).join(' ')}) ` +
      (r.scope === 'guild' ? `to guild ${r.guildId}.\n` : 'globally (they can take up to an hour to appear).\n'),
  );
  return 0;
});
