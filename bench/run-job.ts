import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Job, JobResult, Measured } from './measure.js';
import { BENCH_DIR, REPO_DIR } from './report.js';

/** Runs one measurement job in a fresh `node --expose-gc --import tsx` process; the last line of its stdout is the result. */
export function runJob<R extends JobResult>(job: Job): Promise<Measured<R>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(BENCH_DIR, 'measure.ts'), JSON.stringify(job)], {
      cwd: REPO_DIR,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${job.kind} job exited with ${code}`));
      const last = Buffer.concat(out).toString('utf8').trim().split('\n').at(-1)!;
      resolve(JSON.parse(last) as Measured<R>);
    });
  });
}
