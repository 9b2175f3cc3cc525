/**
 * One writer per index folder: `index.lock` holds the writer's pid. A lock
 * whose process is gone (killed, crashed) is stale and taken over; a live
 * holder makes a second writer fail with `index.busy` instead of both
 * writing (and one deleting the other's work in progress).
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
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

/** The pid in the folder's lock file when its process is alive, else null. */
export async function lockHolder(indexDir: string): Promise<number | null> {
  const text = await readFile(path.join(indexDir, LOCK_FILE), 'utf8').catch(() => null);
  if (text === null) return null;
  const pid = Number.parseInt(text, 10);
  return processAlive(pid) ? pid : null;
}

/** Takes the folder's writer lock or throws `index.busy` naming the live holder. */
export async function acquireIndexLock(indexDir: string): Promise<IndexLock> {
  await mkdir(indexDir, { recursive: true });
  const file = path.join(indexDir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          await rm(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = await lockHolder(indexDir);
    if (holder !== null) {
      throw new UserError(
        'index.busy',
        `The index in ${indexDir} is being built by another process (pid ${holder}); wait for it to finish, then try again.`,
        { indexDir, pid: holder },
      );
    }
    // Stale: its holder is gone. Removed by renaming, so only one of two takers succeeds at it.
    const aside = `${file}.stale-${process.pid}`;
    await rename(file, aside).then(
      () => rm(aside, { force: true }),
      () => {},
    );
  }
  throw new UserError('index.busy', `The index lock in ${indexDir} keeps changing hands; try again.`, { indexDir });
}
