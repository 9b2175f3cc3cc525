/**
 * Our engine as a System, two ways:
 * - in-process (`OursSystem`): `buildIndex` then `openEngine(...).search`, timed per query;
 * - through the command line exactly as docs/cli.md runs it (`OursCliSystem`):
 *   `npm run --silent cli -- index …` then `search --batch FILE --top K --mode M`.
 * An index built in lexical mode answers `lexical`; one built with a model
 * answers `dense` and `hybrid` (its build time includes the embedding).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildIndex } from '../src/index/build.js';
import { loadEmbedder, type Embedder } from '../src/model/embedder.js';
import { openEngine } from '../src/search/engine.js';
import type { QaEngine, SearchMode } from '../src/types.js';
import { since } from './metrics.js';
import { benchConfig } from './config.js';
import { REPO_DIR, log } from './report.js';
import { timedRun, type CorpusOnDisk, type RunResult, type System } from './systems.js';

export type IndexMode = 'lexical' | 'hybrid';

function modesOf(index: IndexMode): readonly SearchMode[] {
  return index === 'lexical' ? ['lexical'] : ['dense', 'hybrid'];
}

/** Loads a model as the engine would; null (with the reason logged) when it cannot be loaded. */
export async function tryLoadEmbedder(model: string): Promise<Embedder | null> {
  try {
    return await loadEmbedder(benchConfig(REPO_DIR, path.join(REPO_DIR, 'embeddings'), model));
  } catch (e) {
    log(`model ${model}: ${(e as Error).message}`);
    return null;
  }
}

export class OursSystem implements System {
  readonly name = 'ours';
  readonly setup: string;
  readonly modes: readonly SearchMode[];
  private engine: QaEngine | null = null;

  /** `embedder` is required for a hybrid index and reused for every corpus. */
  constructor(
    private readonly index: IndexMode,
    private readonly workDir: string,
    private readonly embedder: Embedder | null = null,
  ) {
    if (index === 'hybrid' && !embedder) throw new Error('a hybrid index needs an embedder');
    this.modes = modesOf(index);
    this.setup = index === 'lexical' ? 'in-process, lexical index' : `in-process, hybrid index, model ${embedder!.model} (${embedder!.dtype})`;
  }

  async build(corpus: CorpusOnDisk): Promise<number> {
    await this.close();
    const indexDir = path.join(this.workDir, `index-${corpus.name}-${this.index}`);
    rmSync(indexDir, { recursive: true, force: true });
    const start = performance.now();
    await buildIndex({ corpusDir: corpus.dir, indexDir, embedder: this.embedder });
    const ms = since(start);
    this.engine = await openEngine(benchConfig(corpus.dir, indexDir, this.embedder?.model ?? null), { autoBuild: false });
    return ms;
  }

  async run(queries: string[], k: number, mode: SearchMode): Promise<RunResult> {
    const engine = this.engine;
    if (!engine) throw new Error('ours: build() first');
    return timedRun(queries, async (q) => (await engine.search(q, { top: k, mode })).map((h) => h.file));
  }

  async close(): Promise<void> {
    await this.engine?.close();
    this.engine = null;
  }
}

/** Runs `npm run --silent cli -- …args` in the repository; resolves to its stdout. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: REPO_DIR, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`cli ${args[0]} exited with ${code}`)),
    );
  });
}

interface CliSearchLine {
  id: string;
  hits: Array<{ file: string; paragraph: number; score: number }>;
}

/**
 * Through the command line: build time is the `index` command's wall time;
 * a whole batch is one `search` process, so only its wall time per query is
 * known (process start and model load included), not per-query percentiles.
 */
export class OursCliSystem implements System {
  readonly name = 'ours-cli';
  readonly setup: string;
  readonly modes: readonly SearchMode[];
  private indexDir: string | null = null;

  /** `model` (id or folder) is passed as EMBEDDING_MODEL; required for a hybrid index. */
  constructor(
    private readonly index: IndexMode,
    private readonly workDir: string,
    private readonly model: string | null = null,
  ) {
    if (index === 'hybrid' && !model) throw new Error('a hybrid index needs a model');
    this.modes = modesOf(index);
    this.setup = `npm run cli (docs/cli.md contract), ${index} index${model ? `, model ${model}` : ''}`;
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, EMBEDDINGS: this.model ? 'model' : 'none', ...(this.model ? { EMBEDDING_MODEL: this.model } : {}) };
  }

  async build(corpus: CorpusOnDisk): Promise<number> {
    const indexDir = path.join(this.workDir, `cli-index-${corpus.name}-${this.index}`);
    rmSync(indexDir, { recursive: true, force: true });
    const start = performance.now();
    await runCli(['index', '--corpus', corpus.dir, '--index', indexDir, '--mode', this.index], this.env());
    this.indexDir = indexDir;
    return since(start);
  }

  async run(queries: string[], k: number, mode: SearchMode): Promise<RunResult> {
    if (!this.indexDir) throw new Error('ours-cli: build() first');
    mkdirSync(this.workDir, { recursive: true });
    const batch = path.join(this.workDir, 'batch.jsonl');
    writeFileSync(batch, queries.map((query, i) => JSON.stringify({ id: String(i), query })).join('\n') + '\n');
    const start = performance.now();
    const stdout = await runCli(['search', '--index', this.indexDir, '--batch', batch, '--top', String(k), '--mode', mode], this.env());
    const wallMs = since(start);
    const lines = stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as CliSearchLine);
    if (lines.length !== queries.length) throw new Error(`cli search printed ${lines.length} lines for ${queries.length} queries`);
    const files = lines.map((line, i) => {
      if (line.id !== String(i)) throw new Error(`cli search line ${i} has id ${line.id}`);
      return line.hits.map((h) => h.file);
    });
    return { files, latenciesMs: null, wallMs };
  }

  async close(): Promise<void> {
    this.indexDir = null;
  }
}
