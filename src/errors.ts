/**
 * Every error a user or operator can act on, in one registry: its id (tests
 * assert on ids), what it means, the command line's exit code, and who sees
 * it (`user`: a Discord member or CLI user can fix their input; `operator`:
 * whoever runs the bot or the CLI must fix the setup). Anything else is a bug:
 * it is logged with a reference and the user is told only that something
 * failed (exit code 1).
 */
export const ERRORS = {
  'query.empty': { meaning: 'the question is empty', exit: 2, audience: 'user' },
  'query.too_long': { meaning: 'the question is longer than the limit', exit: 2, audience: 'user' },
  'date.unparseable': { meaning: 'the date expression cannot be read', exit: 2, audience: 'user' },
  'person.empty': { meaning: 'no name was given', exit: 2, audience: 'user' },
  'person.unknown': { meaning: 'no person of that name is in the corpus', exit: 2, audience: 'user' },
  'article.unknown': { meaning: 'the article asked for is not in the index (any more)', exit: 2, audience: 'user' },
  'rate.limited': { meaning: 'the member asked too many questions in the window', exit: 2, audience: 'user' },
  'page.expired': { meaning: 'a button refers to a result set no longer kept', exit: 2, audience: 'user' },
  'button.unknown': { meaning: 'a button id that this bot did not make', exit: 2, audience: 'user' },
  'command.unknown': { meaning: 'a slash command this bot does not have', exit: 2, audience: 'user' },
  'reindex.busy': { meaning: 'a re-index is already running', exit: 2, audience: 'user' },
  'reindex.forbidden': { meaning: 'the member may not re-index', exit: 2, audience: 'user' },
  'reindex.guild_only': { meaning: 're-indexing is only possible inside a server', exit: 2, audience: 'user' },
  'bot.busy': { meaning: 'too many questions are waiting', exit: 2, audience: 'user' },
  'bot.stopping': { meaning: 'the bot is shutting down', exit: 2, audience: 'user' },
  'cli.bad_batch': { meaning: 'the --batch file is not JSON Lines of {"id","query"}', exit: 2, audience: 'user' },
  'cli.bad_option': { meaning: 'an option value is not allowed', exit: 2, audience: 'user' },
  'cli.missing_argument': { meaning: 'a command lacks its argument', exit: 2, audience: 'user' },
  'cli.unknown_command': { meaning: 'no such command', exit: 2, audience: 'user' },
  'config.invalid': { meaning: 'a setting in the environment or .env is invalid', exit: 2, audience: 'operator' },
  'config.discord_token': { meaning: 'the Discord token is missing or malformed', exit: 2, audience: 'operator' },
  'discord.login': { meaning: 'Discord refused the login', exit: 2, audience: 'operator' },
  'corpus.missing': { meaning: 'the corpus folder does not exist', exit: 2, audience: 'operator' },
  'corpus.empty': { meaning: 'the corpus holds no usable article', exit: 2, audience: 'operator' },
  'index.missing': { meaning: 'no index in the folder', exit: 2, audience: 'operator' },
  'index.damaged': { meaning: 'the index on disk is damaged; the front ends rebuild it, the search commands ask for a rebuild', exit: 2, audience: 'operator' },
  'index.busy': { meaning: 'another process is writing the index in that folder', exit: 2, audience: 'operator' },
  'index.disk_full': { meaning: 'no space left on the disk holding the index; the previous index is kept', exit: 2, audience: 'operator' },
  'index.permission': { meaning: 'the index folder cannot be written or read (permissions); the previous index is kept', exit: 2, audience: 'operator' },
  'index.not_a_folder': { meaning: 'the index path, or a folder above it, is a file', exit: 2, audience: 'operator' },
  'index.incompatible': { meaning: 'the index was built with other settings; it is rebuilt', exit: 2, audience: 'operator' },
  'index.too_large': { meaning: 'a file of the index is larger than this Node.js reads into memory (segments built elsewhere or larger); the front ends rebuild it, which writes smaller segments', exit: 2, audience: 'operator' },
} as const satisfies Record<string, { meaning: string; exit: 1 | 2; audience: 'user' | 'operator' }>;

export type ErrorId = keyof typeof ERRORS;

/**
 * An error a user can act on. Carries a registered id and context; the message
 * says what to do. Never shown with a stack trace.
 */
export class UserError extends Error {
  constructor(
    readonly id: ErrorId,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** The command line's exit code for this error. */
  get exitCode(): 1 | 2 {
    return ERRORS[this.id].exit;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** Longest piece of a user's input repeated in a message: a pasted 100 KB argument is not echoed back. */
const ECHO_CHARS = 40;

/** A user's input as quoted in a message: control characters shown as escapes, long input cut with its length. */
export function echoInput(input: string): string {
  const chars = [...input.trim()];
  const shown = chars.slice(0, ECHO_CHARS).join('').replace(CONTROL_CHARS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return chars.length > ECHO_CHARS ? `${shown}… (${chars.length} characters)` : shown;
}

/** C0 and C1 control characters other than tab and newline: invisible in a reply, so "毛\x01伟明" would look like 毛伟明. */
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;

/** Typed input without control characters (a name or question must mean what it shows). */
export function stripControlChars(input: string): string {
  return input.replace(CONTROL_CHARS, '');
}
