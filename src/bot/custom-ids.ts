/**
 * Button custom ids carry the action and all the state it needs, so a button
 * keeps working without the bot remembering the message:
 *   more:<viewKey>:<page>                       a page of a remembered result set
 *   article:<paragraph>:<script>:<file>         the whole article, as a new ephemeral message
 *   artpage:<paragraph>:<page>:<script>:<file>  another page of that article (edits it)
 * `<script>` is the script of the reply the button sits under (`s`, `t`, or
 * `o` as written), so the article opens in the script the answer was in.
 * The file goes last because a path may itself contain `:`. A path too long
 * for the 100-character limit travels as `~<hash>` and is looked up in the
 * engine's sources.
 */
import { createHash } from 'node:crypto';
import type { Script } from '../corpus/script.js';
import type { QaEngine } from '../types.js';
import { LIMITS } from './limits.js';

export type ButtonAction =
  | { action: 'more'; key: string; page: number }
  | { action: 'article'; paragraph: number; script: Script | null; file: string }
  | { action: 'artpage'; paragraph: number; page: number; script: Script | null; file: string };

const SCRIPT_CODE = { s: 'simplified', t: 'traditional', o: null } as const;
type ScriptCode = keyof typeof SCRIPT_CODE;

function scriptCode(script: Script | null): ScriptCode {
  return script === 'simplified' ? 's' : script === 'traditional' ? 't' : 'o';
}

function isScriptCode(code: string | undefined): code is ScriptCode {
  return code === 's' || code === 't' || code === 'o';
}

const HASHED = '~';
/** Room left for the file after the longest prefix `artpage:<5 digits>:<4 digits>:<script>:`. */
const MAX_INLINE_FILE = LIMITS.customId - 'artpage:::'.length - 1 - 10 - 1;

function hashFile(file: string): string {
  return createHash('sha256').update(file).digest('base64url').slice(0, 16);
}

export function fileToken(file: string): string {
  return file.length <= MAX_INLINE_FILE && !file.startsWith(HASHED) ? file : HASHED + hashFile(file);
}

/** The file a token names; a hashed token is matched against the corpus's files. */
export function resolveFileToken(engine: QaEngine, token: string): string {
  if (!token.startsWith(HASHED)) return token;
  const hash = token.slice(HASHED.length);
  return engine.sources().find((s) => hashFile(s.file) === hash)?.file ?? token;
}

export function encodeButton(a: ButtonAction): string {
  switch (a.action) {
    case 'more':
      return `more:${a.key}:${a.page}`;
    case 'article':
      return `article:${a.paragraph}:${scriptCode(a.script)}:${fileToken(a.file)}`;
    case 'artpage':
      return `artpage:${a.paragraph}:${a.page}:${scriptCode(a.script)}:${fileToken(a.file)}`;
  }
}

const INT = /^\d{1,6}$/;

export function decodeButton(customId: string): ButtonAction | null {
  const [action, ...parts] = customId.split(':');
  if (action === 'more' && parts.length === 2 && parts[0] && INT.test(parts[1] ?? '')) {
    return { action, key: parts[0], page: Number(parts[1]) };
  }
  if (action === 'article' && parts.length >= 3 && INT.test(parts[0] ?? '') && isScriptCode(parts[1])) {
    const file = parts.slice(2).join(':');
    if (file) return { action, paragraph: Number(parts[0]), script: SCRIPT_CODE[parts[1]], file };
  }
  if (action === 'artpage' && parts.length >= 4 && INT.test(parts[0] ?? '') && INT.test(parts[1] ?? '') && isScriptCode(parts[2])) {
    const file = parts.slice(3).join(':');
    if (file) return { action, paragraph: Number(parts[0]), page: Number(parts[1]), script: SCRIPT_CODE[parts[2]], file };
  }
  return null;
}
