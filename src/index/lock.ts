/**
 * One writer per index folder: `index.lock` holds the writer's pid and a token
 * unique to that taking. A lock whose process is gone (killed, crashed) is
 * stale and taken over; a live holder makes a second writer fail with
 * `index.busy` instead of both writing (and one deleting the other's work in
 * progress).
 *
 * Both steps are atomic between processes. A lock file appears with its
 * content in one step (written aside, then hard-linked into place: `link`
 * fails if the name exists). A stale lock is removed only by the process that
 * first claims it, by creating `index.lock.claim-<its token>` the same way,
 * and only if the lock still holds that token: two processes that find the
 * same stale lock at the same moment cannot both remove it, nor remove the
 * fresh lock one of them has just taken.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.js';

export const LOCK_FILE = 'index.lock';

export interface IndexLock {
  release(): Promise<void>;
}

/** Whether a process with this pid is running (EPERM: it is, under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

async function readIfPresent(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch((e: unknown) => {
    if (code(e) === 'ENOENT') return null;
    throw e;
  });
}

/** `pid\ntoken\n`; a lock written before tokens has the pid alone, which then stands for the token. */
function parseLock(text: string): { pid: number; token: string } {
  const [pid = '', token] = text.split('\n');
  return { pid: Number.parseInt(pid, 10), token: (token || pid).replace(/[^\w-]/g, '') };
}

/** Creates `file` holding `content`, in one step; false when it exists already. */
async function createWith(file: string, content: string): Promise<boolean> {
  const aside = `${file}.new-${process.pid}-${randomBytes(6).toString('hex')}`;
  await writeFile(aside, content, { flag: 'wx' });
  try {
    await link(aside, file);
    return true;
  } catch (e) {
    if (code(e) === 'EEXIST') return false;
    if (code(e) !== 'ENOTSUP' && code(e) !== 'EOPNOTSUPP' && code(e) !== 'EPERM') throw e;
    // A file system without hard links: exclusive creation, then the content (a reader may see it empty for a moment).
    return writeFile(file, content, { flag: 'wx' }).then(
      () => true,
      (e2: unknown) => {
        if (code(e2) === 'EEXIST') return false;
        throw e2;
      },
    );
  } finally {
    await rm(aside, { force: true });
  }
}

/**
 * Removes `file` when its holder is dead and this process wins the claim on it.
 * A claim left by a process that died while claiming is itself stale and removed the same way.
 */
async function removeIfStale(file: string): Promise<void> {
  const text = await readIfPresent(file);
  if (text === null) return;
  const { pid, token } = parseLock(text);
  if (processAlive(pid)) return;
  const claim = `${path.join(path.dirname(file), LOCK_FILE)}.claim-${token}`;
  if (!(await createWith(claim, `${process.pid}\n${randomBytes(8).toString('hex')}\n`))) {
    await removeIfStale(claim);
    return;
  }
  try {
    // Still the stale one: only the claim's holder removes a lock with this token, so nothing replaces it meanwhile.
    if ((await readIfPresent(file)) === text) await rm(file, { force: true });
  } finally {
    await rm(claim, { force: true });
  }
}

/** The pid in the folder's lock file when its process is alive, else null. */
export async function lockHolder(indexDir: string): Promise<number | null> {
  const text = await readIfPresent(path.join(indexDir, LOCK_FILE)).catch(() => null);
  if (text === null) return null;
  const { pid } = parseLock(text);
  return processAlive(pid) ? pid : null;
}

/** Takes the folder's writer lock or throws `index.busy` naming the live holder. */
export async function acquireIndexLock(indexDir: string): Promise<IndexLock> {
  await mkdir(indexDir, { recursive: true });
  const file = path.join(indexDir, LOCK_FILE);
  const content = `${process.pid}\n${randomBytes(8).toString('hex')}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createWith(file, content)) {
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          // Only our own lock: never one another process holds.
          if ((await readIfPresent(file)) === content) await rm(file, { force: true });
        },
      };
    }
    const holder = await lockHolder(indexDir);
    if (holder !== null) {
      throw new UserError(
        'index.busy',
        `The index in ${indexDir} is being built by another process (pid ${holder}); wait for it to finish, then try again.`,
        { indexDir, pid: holder },
      );
    }
    await removeIfStale(file);
    // Another process may be taking the stale lock over: give it a moment to show as the holder.
    await sleep(20 * (attempt + 1));
  }
  throw new UserError('index.busy', `The index lock in ${indexDir} keeps changing hands; try again.`, { indexDir });
}
