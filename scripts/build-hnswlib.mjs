/**
 * Run by `npm install` / `npm ci` (the "install" script of package.json):
 * rebuilds hnswlib-node for this machine's CPU. Its own install builds with
 * the compiler's defaults (SSE2 on x64), where hnswlib's distance functions
 * have AVX and AVX-512 versions compiled only when the compiler may use them;
 * with `-march=native` an HNSW search at 100,000 vectors of 384 dimensions
 * took about half the CPU time (bench/RESULTS.md, "Hybrid latency").
 *
 * The result runs on CPUs like this one: set HNSWLIB_PORTABLE=1 when the
 * installed folder goes to other machines (a container image built elsewhere).
 * When the native build fails, the portable one is built again, so an install
 * never ends without a working hnswlib.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const say = (m) => process.stderr.write(`hnswlib-node: ${m}\n`);
const npm = process.env.npm_execpath
  ? [process.execPath, [process.env.npm_execpath]]
  : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];

function rebuild(cxxflags) {
  const env = { ...process.env };
  if (cxxflags) env.CXXFLAGS = `${env.CXXFLAGS ?? ''} ${cxxflags}`.trim();
  const [cmd, pre] = npm;
  return spawnSync(cmd, [...pre, 'rebuild', 'hnswlib-node'], { env, stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
}

/** Whether the built addon loads and answers a search (a new process: this one may have it cached). */
function works() {
  const check = `const h=require('hnswlib-node');const i=new h.HierarchicalNSW('cosine',4);i.initIndex(2);i.addPoint([1,0,0,0],0);process.exit(i.searchKnn([1,0,0,0],1).neighbors[0]===0?0:1)`;
  return spawnSync(process.execPath, ['-e', check], { stdio: 'ignore' }).status === 0;
}

const portable = process.env.HNSWLIB_PORTABLE === '1';
// -march=native is what gcc and clang accept on x64 and arm64 Linux and macOS; elsewhere keep the package's build.
const nativeFlags = !portable && ['x64', 'arm64'].includes(process.arch) && process.platform !== 'win32';
try {
  createRequire(import.meta.url).resolve('hnswlib-node');
} catch {
  process.exit(0); // not installed (e.g. --omit of it): nothing to rebuild
}
if (!nativeFlags) process.exit(0);
if (rebuild('-march=native') && works()) {
  say('built for this CPU (-march=native); HNSWLIB_PORTABLE=1 npm ci keeps the portable build');
  process.exit(0);
}
say('the build for this CPU failed; building the portable version again');
if (rebuild('') && works()) process.exit(0);
say('could not be built: see the compiler output above');
process.exit(1);
