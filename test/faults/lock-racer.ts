/**
 * One contender of the lock race (lock.test.ts): waits for the common start
 * moment, takes the index lock, holds it a while, and logs when it held it.
 * Arguments: index folder, start time (ms since the epoch), log file.
 */
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireIndexLock } from '../../src/index/lock.js';

const [indexDir, startAt, log] = process.argv.slice(2) as [string, string, string];
// A busy wait: every contender starts within a millisecond or so of the others.
while (Date.now() < Number(startAt));
try {
  const lock = await acquireIndexLock(indexDir);
  appendFileSync(log, `in ${process.pid}\n`);
  await sleep(150);
  appendFileSync(log, `out ${process.pid}\n`);
  await lock.release();
} catch (e) {
  appendFileSync(log, `${(e as { id?: string }).id ?? (e as Error).message} ${process.pid}\n`);
}
