/**
 * `npm run cli -- <command> [options]`: the command line, under the same entry
 * wrapper as `npm start` (exit 0; 2 with the message on stderr for input or
 * setup the user can fix; 1 for anything else).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';
import { errorText } from '../present/errors.js';
import { runEntryPoint } from '../util/entry.js';
import { CLI_COMMANDS, type CliCommand, type OptionSpec, type OptionValue } from './commands.js';
import { terminalVoice } from './format.js';

function optionUsage(name: string, spec: OptionSpec): string {
  switch (spec.kind) {
    case 'flag':
      return `[--${name}]`;
    case 'choice':
      return `[--${name} ${spec.values.join('|')}]`;
    default:
      return `[--${name} ${spec.placeholder}]`;
  }
}

function commandUsage(c: CliCommand): string {
  const synopsis = [c.name.padEnd(7), c.argument, ...Object.entries(c.options).map(([n, s]) => optionUsage(n, s))].filter(Boolean).join(' ');
  return `  ${synopsis}\n          ${c.summary}`;
}

function usage(): string {
  return [
    'Usage: npm run --silent cli -- <command> [options]',
    '',
    'Commands:',
    ...CLI_COMMANDS.map(commandUsage),
    '',
    'Without --index, the index under INDEX_DIR (default ./embeddings) is used and built from CORPUS_DIR when missing.',
  ].join('\n');
}

/** The command's options and positional argument, checked against its option specs. */
function parseCommandLine(command: CliCommand, args: string[]): { values: Record<string, OptionValue>; argument: string; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(Object.entries(command.options).map(([name, spec]) => [name, { type: spec.kind === 'flag' ? 'boolean' : 'string' } as const])),
      },
    });
  } catch (e) {
    if (!(e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))) throw e;
    throw new UserError('cli.bad_option', `${e.message}\n\n${commandUsage(command)}`);
  }
  const values: Record<string, OptionValue> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    const raw = (parsed.values as Record<string, string | boolean | undefined>)[name];
    if (raw === undefined || spec.kind === 'flag' || spec.kind === 'value') {
      values[name] = raw;
    } else if (spec.kind === 'choice') {
      if (!spec.values.includes(String(raw))) throw new UserError('cli.bad_option', `--${name} must be one of ${spec.values.join(', ')}; got "${String(raw)}".`);
      values[name] = raw;
    } else {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
        throw new UserError('cli.bad_option', `--${name} must be a whole number from ${spec.min} to ${spec.max}; got "${String(raw)}".`);
      }
      values[name] = n;
    }
  }
  return { values, argument: parsed.positionals.join(' '), help: Boolean(parsed.values.help) };
}

/** What the user typed after the command: its script decides the language of an error about it. */
let typed = '';

/**
 * A user error in the language of what was typed (`date 明天` is told in
 * Chinese) from the message catalogue. In English, and for errors the
 * catalogue does not word (options, paths, setup: they name flags, files and
 * commands, which are English), the error's own message, which is the more specific.
 */
function userMessage(e: UserError): string {
  const voice = terminalVoice(typed);
  if (voice.lang === 'en') return e.message;
  return errorText(e, voice, { at: (ms) => new Date(ms).toISOString(), who: (id) => id });
}

runEntryPoint('command failed', async (base, log) => {
  const [name, ...rest] = process.argv.slice(2);
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return 0;
  }
  const command = CLI_COMMANDS.find((c) => c.name === name);
  if (!command) {
    const hint = name.startsWith('-') ? 'Put the command first.' : `Unknown command "${name}".`;
    throw new UserError('cli.unknown_command', `${hint}\n\n${usage()}`);
  }
  const { values, argument, help } = parseCommandLine(command, rest);
  typed = argument;
  if (help) {
    process.stdout.write(commandUsage(command) + '\n');
    return 0;
  }
  const config = {
    ...base,
    corpusDir: typeof values.corpus === 'string' ? path.resolve(values.corpus) : base.corpusDir,
    indexDir: typeof values.index === 'string' ? path.resolve(values.index) : base.indexDir,
  };
  await command.run({ argument, values, config, log });
  return 0;
}, userMessage);
