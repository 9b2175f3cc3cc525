import { loadDotEnv, readConfig, type Config } from '../config.js';
import { isUserError, type UserError } from '../errors.js';
import { createLogger, registerSecret, type Logger } from './log.js';

/**
 * What `npm start`, `npm run cli` and `npm run register` do around their work: read `.env`
 * and the configuration, keep the Discord token out of every log line, log at
 * the configured level, and turn errors into exit codes (2: the user can fix
 * it, the message says how; 1: anything else, stack only at debug level).
 */
export function runEntryPoint(
  failure: string,
  body: (config: Config, log: Logger) => Promise<number>,
  /** Words a user error for the reader (the front end knows their language); by default its own message. */
  userMessage: (e: UserError) => string = (e) => e.message,
): void {
  loadDotEnv();
  let log = createLogger('info');
  const run = async (): Promise<number> => {
    try {
      const config = readConfig();
      registerSecret(config.discordToken);
      log = createLogger(config.logLevel);
      return await body(config, log);
    } catch (e) {
      if (isUserError(e)) {
        log.error(userMessage(e));
        return e.exitCode;
      }
      log.error(`${failure}: ${(e as Error).message}`);
      log.debug((e as Error).stack ?? '');
      return 1;
    }
  };
  void run().then((code) => {
    process.exitCode = code;
  });
}
