import { readConfig, type Config } from '../src/config.js';
import { REPO_DIR } from './report.js';

/** The project's configuration for one corpus and index folder; `model` null disables embeddings. */
export function benchConfig(corpusDir: string, indexDir: string, model: string | null): Config {
  const env = { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDINGS: model ? 'model' : 'none' };
  return readConfig(model ? { ...env, EMBEDDING_MODEL: model } : env, REPO_DIR);
}
