/**
 * `npm start`: the bot when DISCORD_TOKEN is set, otherwise a terminal chat on
 * the configured corpus. Either way the index is built first when missing.
 */
import { runChat } from './cli/chat.js';
import { createProgressReporter } from './cli/progress.js';
import { openEngine } from './search/engine.js';
import { runEntryPoint } from './util/entry.js';

runEntryPoint('could not start', async (config, log) => {
  const progress = createProgressReporter();
  const engine = await openEngine(config, { log, onProgress: progress.onIndex, onModelProgress: progress.onModel });
  progress.stop();
  if (!config.discordToken) {
    log.info('DISCORD_TOKEN is not set: starting the terminal chat (set it in .env to run the Discord bot).');
    await runChat(engine, log);
    return 0;
  }
  for (const w of engine.warnings) log.warn(w);
  const { runBot } = await import('./bot/run.js');
  const bot = await runBot(config, engine, log);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      // A second signal while stopping leaves at once: index writes are atomic, nothing half-written can remain.
      if (stopping) process.exit(130);
      stopping = true;
      log.info(`${signal}: shutting down`);
      bot
        .stop()
        .then(() => engine.close())
        .finally(resolve);
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    // npm passes SIGTERM/SIGINT on to the script's process (the script execs node so that is the
    // bot, not a shell that would swallow it); should npm die without doing so, the bot stops too.
    if (process.env.npm_lifecycle_event === 'start') {
      const parent = process.ppid;
      const watch = setInterval(() => {
        if (process.ppid === parent) return;
        clearInterval(watch);
        shutdown('npm stopped');
      }, 250).unref();
    }
  });
  return 0;
});
