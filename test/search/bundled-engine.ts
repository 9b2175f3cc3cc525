import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readConfig } from '../../src/config.js';
import { Engine, openEngine } from '../../src/search/engine.js';

export interface BundledEngine {
  engine: Engine;
  /** The temporary folder holding the copy of the corpus and its index; fixtures may go beside them. */
  work: string;
  close(): void;
}

/** An engine on a copy of the bundled corpus, keyword mode, in a fresh temporary folder that `close` removes. */
export async function openBundledEngine(prefix: string): Promise<BundledEngine> {
  const work = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(path.resolve('corpus'), path.join(work, 'corpus'), { recursive: true });
  const engine = await openEngine(readConfig({ CORPUS_DIR: path.join(work, 'corpus'), INDEX_DIR: path.join(work, 'index'), EMBEDDINGS: 'none' }, work));
  return { engine, work, close: () => rmSync(work, { recursive: true, force: true }) };
}
