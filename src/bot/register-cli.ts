/** `npm run register`: registers the slash commands and exits (the bot itself also registers at start). */
import { loadDotEnv, readConfig } from '../config.js';
import { isUserError } from '../errors.js';
import { createLogger, registerSecret } from '../util/log.js';
import { registerFromConfig } from './register.js';

async function main(): Promise<number> {
  loadDotEnv();
  let log = createLogger('info');
  try {
    const config = readConfig();
    registerSecret(config.discordToken);
    log = createLogger(config.logLevel);
    const r = await registerFromConfig(config, log);
    process.stdout.write(
      `Registered ${r.commands.length} commands (${r.commands.map((c) => `/${c}`).join(' ')}) ` +
        (r.scope === 'guild' ? `to guild ${r.guildId}.\n` : 'globally (they can take up to an hour to appear).\n'),
    );
    return 0;
  } catch (e) {
    log.error(isUserError(e) ? e.message : `registration failed: ${(e as Error).message}`);
    return isUserError(e) ? 2 : 1;
  }
}

main().then((code) => {
  process.exitCode = code;
});
