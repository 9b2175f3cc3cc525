/**
 * The index lock between processes: several processes that find the same
 * stale lock (its holder killed) at the same moment; exactly one may hold it
 * at a time, the others are told `index.busy`. `FAULTS=full` runs more rounds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, acquireIndexLock } from '../../src/index/lock.js';

const ROUNDS = process.env.FAULTS === 'full' ? 8 : 1;
const CONTENDERS = 5;
const RACER = path.resolve('test/faults/lock-racer.ts');

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'faults-lock-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

function run(args: string[]): Promise<number | null> {
  return new Promise((resolve) => spawn(process.execPath, ['--import', 'tsx', RACER, ...args], { stdio: 'ignore' }).on('exit', resolve));
}

describe('the index lock', () => {
  it(`lets one of ${CONTENDERS} processes take over a stale lock at the same moment, ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const indexDir = path.join(work, `race-${round}`);
      mkdirSync(indexDir, { recursive: true });
      writeFileSync(path.join(indexDir, LOCK_FILE), `${deadPid()}\n`);
      const log = path.join(indexDir, 'log');
      writeFileSync(log, '');
      // Far enough ahead that every contender has loaded by then, on a loaded machine.
      const startAt = Date.now() + 8000;
      await Promise.all(Array.from({ length: CONTENDERS }, () => run([indexDir, String(startAt), log])));
      const events = readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' ')[0]);
      let holders = 0;
      let most = 0;
      for (const e of events) {
        if (e === 'in') most = Math.max(most, ++holders);
        if (e === 'out') holders--;
      }
      const took = events.filter((e) => e === 'in').length;
      // Each contender either held the lock (in, out) or was told it is busy; at least one held it.
      expect(events.every((e) => e === 'in' || e === 'out' || e === 'index.busy')).toBe(true);
      expect(events.filter((e) => e === 'index.busy').length + took).toBe(CONTENDERS);
      expect(took).toBeGreaterThanOrEqual(1);
      expect(most).toBe(1);
      // Nothing left behind: no lock, no claim, no file written aside.
      expect(readdirSync(indexDir).filter((e) => e.startsWith(LOCK_FILE))).toEqual([]);
    }
  }, 120_000);

  it('takes over the lock of a process killed while it was taking over a lock', async () => {
    const indexDir = path.join(work, 'claim');
    mkdirSync(indexDir, { recursive: true });
    writeFileSync(path.join(indexDir, LOCK_FILE), `${deadPid()}\nabc\n`);
    writeFileSync(path.join(indexDir, `${LOCK_FILE}.claim-abc`), `${deadPid()}\ndef\n`);
    const lock = await acquireIndexLock(indexDir);
    expect(readFileSync(path.join(indexDir, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${process.pid}\\n`));
    await lock.release();
    expect(readdirSync(indexDir)).toEqual([]);
  });

  it('never removes a lock another process holds, even when asked to release after losing it', async () => {
    const indexDir = path.join(work, 'release');
    const lock = await acquireIndexLock(indexDir);
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(path.join(indexDir, LOCK_FILE), `${other.pid}\nxyz\n`);
      await lock.release();
      expect(existsSync(path.join(indexDir, LOCK_FILE))).toBe(true);
      await expect(acquireIndexLock(indexDir)).rejects.toMatchObject({ id: 'index.busy', message: expect.stringContaining(`pid ${other.pid}`) });
    } finally {
      other.kill('SIGKILL');
    }
  });
});
