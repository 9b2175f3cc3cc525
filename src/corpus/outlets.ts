import { readFileSync } from 'node:fs';
import { toSimplified, toTraditional } from './script.js';

/** Known outlets (simplified), longest first: kept as data in outlets.txt. */
export const OUTLETS: string[] = readFileSync(new URL('./outlets.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'))
  .sort((a, b) => [...b].length - [...a].length);

/** Names shorter than this are too easy to match by accident with one character off. */
const MIN_RECOVERABLE = 4;

/** Whether `written` is `outlet` with exactly one character missing or replaced. */
function oneOff(written: string[], outlet: string[]): boolean {
  if (written.length === outlet.length) return written.filter((c, i) => c !== outlet[i]).length === 1;
  if (written.length !== outlet.length - 1) return false;
  let i = 0;
  while (i < written.length && written[i] === outlet[i]) i++;
  return written.slice(i).every((c, k) => c === outlet[i + k + 1]);
}

/**
 * The known outlet a dateline or credit starts with (`湖南日报`, also written
 * `湖南日報`), recovered when the scrape lost or garbled one of its characters
 * (`湖南日` → `湖南日报`). Given in the script of `context` (the line it
 * was read from: `湖南日` alone could be either). Null when it names none.
 */
export function recoverOutlet(lead: string, context = lead): string | null {
  const simplified = [...toSimplified(lead.trim())];
  const traditional = toSimplified(context) !== context;
  for (const name of OUTLETS) {
    const outlet = [...name];
    for (const length of [outlet.length, outlet.length - 1]) {
      const written = simplified.slice(0, length);
      if (written.length !== length) continue;
      const exact = length === outlet.length && written.join('') === name;
      if (exact || (outlet.length >= MIN_RECOVERABLE && oneOff(written, outlet))) {
        // A longer lead goes on with a place (`新华社北京`), never with more of a name.
        return traditional ? toTraditional(name) : name;
      }
    }
  }
  return null;
}
