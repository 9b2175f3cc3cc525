import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { env, LogLevel, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import type { Config } from '../config.js';
import type { Logger } from '../util/log.js';

/** Turns text into unit-length vectors. `passage`/`query` roles matter for E5-style models. */
export interface Embedder {
  /** Model id or folder as configured: recorded in the index manifest. */
  readonly model: string;
  readonly dtype: string;
  readonly dimensions: number;
  embedPassages(texts: string[], onBatch?: (done: number) => void): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
}

export interface ModelProgress {
  file: string;
  loaded: number;
  total: number;
}

/** E5 models were trained with these prefixes; without them quality drops. */
function prefixesFor(model: string): { query: string; passage: string } {
  return /e5/i.test(path.basename(model)) ? { query: 'query: ', passage: 'passage: ' } : { query: '', passage: '' };
}

/** Where a configured model comes from: a local folder, or an id to fetch (or find in the cache). */
function resolveModel(config: Config): { name: string; localRoot: string | null } {
  const asPath = path.resolve(config.model);
  if (existsSync(asPath) && statSync(asPath).isDirectory()) {
    return { name: path.basename(asPath), localRoot: path.dirname(asPath) };
  }
  return { name: config.model, localRoot: null };
}

class TransformersEmbedder implements Embedder {
  private readonly prefix: { query: string; passage: string };

  constructor(
    readonly model: string,
    readonly dtype: string,
    readonly dimensions: number,
    private readonly extractor: FeatureExtractionPipeline,
    private readonly batchSize: number,
  ) {
    this.prefix = prefixesFor(model);
  }

  private async run(texts: string[]): Promise<Float32Array[]> {
    const output = await this.extractor(texts, { pooling: 'mean', normalize: true });
    const data = output.data as Float32Array;
    const dim = this.dimensions;
    return texts.map((_, i) => data.slice(i * dim, (i + 1) * dim));
  }

  async embedPassages(texts: string[], onBatch?: (done: number) => void): Promise<Float32Array[]> {
    // Batches of similar length waste less work on padding.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const out = new Array<Float32Array>(texts.length);
    let done = 0;
    for (let i = 0; i < order.length; i += this.batchSize) {
      const ids = order.slice(i, i + this.batchSize);
      const vectors = await this.run(ids.map((id) => this.prefix.passage + texts[id]));
      ids.forEach((id, k) => (out[id] = vectors[k]!));
      done += ids.length;
      onBatch?.(done);
    }
    return out;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return (await this.run([this.prefix.query + text]))[0]!;
  }
}

export class ModelLoadError extends Error {
  constructor(message: string, readonly tried: string[]) {
    super(message);
  }
}

/**
 * Loads the configured model. Throws a `ModelLoadError` that says what was
 * tried and how to fix it; callers fall back to keyword-only retrieval.
 */
export async function loadEmbedder(
  config: Config,
  options: { onProgress?: (p: ModelProgress) => void; log?: Logger } = {},
): Promise<Embedder> {
  const { name, localRoot } = resolveModel(config);
  env.logLevel = LogLevel.ERROR;
  env.cacheDir = config.modelCacheDir;
  if (localRoot) {
    env.localModelPath = localRoot;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
  } else {
    env.localModelPath = config.modelCacheDir;
    env.allowLocalModels = true;
    env.allowRemoteModels = config.allowRemoteModels;
  }
  const tried = localRoot
    ? [`local folder ${path.join(localRoot, name)}`]
    : [`cache ${config.modelCacheDir}`, config.allowRemoteModels ? `download of ${name} from the Hugging Face hub` : 'no download (ALLOW_REMOTE_MODELS=false)'];
  try {
    const extractor = (await pipeline('feature-extraction', name, {
      dtype: config.dtype,
      session_options: { intraOpNumThreads: config.threads, interOpNumThreads: 1 },
      progress_callback: (info: { status: string; file?: string; loaded?: number; total?: number }) => {
        if (info.status === 'progress' && info.file) {
          options.onProgress?.({ file: info.file, loaded: info.loaded ?? 0, total: info.total ?? 0 });
        }
      },
    })) as FeatureExtractionPipeline;
    const probe = await extractor(['probe'], { pooling: 'mean', normalize: true });
    const dimensions = probe.dims[probe.dims.length - 1]!;
    return new TransformersEmbedder(config.model, config.dtype, dimensions, extractor, config.batchSize);
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ModelLoadError(
      `Could not load the embedding model "${config.model}" (${config.dtype}): ${reason}. ` +
        `Tried: ${tried.join('; ')}. ` +
        'Fix: set EMBEDDING_MODEL to a folder holding the model (config.json, tokenizer.json, onnx/model_quantized.onnx), ' +
        'or allow the download with ALLOW_REMOTE_MODELS=true on a machine with internet; EMBEDDINGS=none silences this.',
      tried,
    );
  }
}
