import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env, LogLevel, pipeline, Tensor, type FeatureExtractionPipeline } from '@huggingface/transformers';
import type { Config } from '../config.js';
import type { Logger } from '../util/log.js';
import { externalDataFile, hasInlineWeights, moveWeightsToExternalData } from './external-data.js';
import { compactTokenizer } from './tokenizer-memory.js';

/** Turns text into unit-length vectors. `passage`/`query` roles matter for E5-style models. */
export interface Embedder {
  /** Model id or folder as configured: recorded in the index manifest. */
  readonly model: string;
  readonly dtype: string;
  readonly dimensions: number;
  /** `onBatch` gets the number of texts done so far; an exception it throws (an abort) stops the work. */
  embedPassages(texts: string[], onBatch?: (done: number) => void): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
}

export interface ModelProgress {
  file: string;
  loaded: number;
  total: number;
}

type OrtTensor = Tensor['ort_tensor'];

/** The part of onnxruntime's InferenceSession the embedder uses. */
export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}

/** One padded batch ready for the session: `rows` are the indexes of its texts in the caller's list. */
export interface Batch {
  rows: number[];
  /** Real tokens of each row (the rest is padding). */
  lengths: Int32Array;
  seqLength: number;
  feeds: Record<string, OrtTensor>;
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

/** The ONNX file transformers.js loads for each dtype (its `DEFAULT_DTYPE_SUFFIX_MAPPING`). */
const MODEL_FILE: Record<Config['dtype'], string> = { q8: 'model_quantized.onnx', fp32: 'model.onnx' };

/** The model's ONNX file: in the configured folder, or where transformers.js caches a downloaded model. */
function modelFile(config: Config, name: string, localRoot: string | null): string {
  return path.join(localRoot ?? config.modelCacheDir, name, 'onnx', MODEL_FILE[config.dtype]);
}

/**
 * Whether onnxruntime's idle threads spin. Spinning wins a little on a quiet
 * machine and loses 1.35–1.4× when the cores are shared (measured on 2 cores),
 * so `auto` turns it off on hosts with 2 cores or fewer.
 */
export function spinningEnabled(setting: Config['threadSpinning'], cores = os.availableParallelism()): boolean {
  return setting === 'on' || (setting === 'auto' && cores > 2);
}

/** Texts tokenized per call: bounds the tokenizer's temporary arrays on large builds. */
const TOKENIZE_CHUNK = 256;

/**
 * Embeds through the model's ONNX session directly: texts are tokenized once,
 * sorted by token count across the whole call (padding waste stays small),
 * padded per batch, and mean-pooled and normalised over the real tokens only.
 * transformers.js loads the tokenizer and the session; its per-element pooling
 * was most of the overhead over a bare `session.run`.
 */
export class OnnxEmbedder implements Embedder {
  readonly prefix: { query: string; passage: string };
  private readonly padId: bigint;
  private readonly output: string;
  private readonly withTokenTypes: boolean;
  readonly dimensions: number;

  constructor(
    readonly model: string,
    readonly dtype: string,
    private readonly extractor: FeatureExtractionPipeline,
    readonly session: OnnxSession,
    private readonly batchSize: number,
  ) {
    this.prefix = prefixesFor(model);
    this.padId = BigInt(extractor.tokenizer.pad_token_id ?? 0);
    const names = session.outputNames;
    this.output = ['last_hidden_state', 'token_embeddings', 'logits'].find((n) => names.includes(n)) ?? names[0]!;
    this.withTokenTypes = session.inputNames.includes('token_type_ids');
    const hidden = (extractor.model.config as { hidden_size?: number }).hidden_size;
    if (!hidden) throw new Error('the model config.json has no hidden_size');
    this.dimensions = hidden;
  }

  /** Token ids of each text (special tokens added, truncated to the model's maximum length). */
  tokenize(texts: string[]): Int32Array[] {
    const out: Int32Array[] = [];
    for (let i = 0; i < texts.length; i += TOKENIZE_CHUNK) {
      const chunk = texts.slice(i, i + TOKENIZE_CHUNK);
      const { input_ids } = this.extractor.tokenizer(chunk, { padding: false, truncation: true, return_tensor: false }) as {
        input_ids: number[][];
      };
      for (const ids of input_ids) out.push(Int32Array.from(ids));
    }
    return out;
  }

  /** Batches of texts of similar token count, shortest first, each padded to its own longest row. */
  batches(tokens: Int32Array[]): Batch[] {
    const order = tokens.map((_, i) => i).sort((a, b) => tokens[a]!.length - tokens[b]!.length);
    const out: Batch[] = [];
    for (let start = 0; start < order.length; start += this.batchSize) {
      const rows = order.slice(start, start + this.batchSize);
      const lengths = Int32Array.from(rows, (r) => tokens[r]!.length);
      const seqLength = lengths[lengths.length - 1]!;
      const size = rows.length * seqLength;
      const ids = new BigInt64Array(size).fill(this.padId);
      const mask = new BigInt64Array(size);
      rows.forEach((r, i) => {
        const t = tokens[r]!;
        const base = i * seqLength;
        for (let j = 0; j < t.length; j++) ids[base + j] = BigInt(t[j]!);
        mask.fill(1n, base, base + t.length);
      });
      const dims = [rows.length, seqLength];
      const feeds: Record<string, OrtTensor> = {
        input_ids: new Tensor('int64', ids, dims).ort_tensor,
        attention_mask: new Tensor('int64', mask, dims).ort_tensor,
      };
      if (this.withTokenTypes) feeds.token_type_ids = new Tensor('int64', new BigInt64Array(size), dims).ort_tensor;
      out.push({ rows, lengths, seqLength, feeds });
    }
    return out;
  }

  /** Runs one batch and writes each row's mean-pooled unit vector into `out` at its row index. */
  async runBatch(batch: Batch, out: Float32Array[]): Promise<void> {
    const result = await this.session.run(batch.feeds);
    const output = result[this.output]!;
    const dim = this.dimensions;
    if (output.dims[output.dims.length - 1] !== dim) throw new Error(`the model outputs ${output.dims.join('×')}, not ${dim}-dimension token vectors`);
    const hidden = output.data as Float32Array;
    const rowStride = batch.seqLength * dim;
    for (let i = 0; i < batch.rows.length; i++) {
      const v = new Float32Array(dim);
      const length = batch.lengths[i]!;
      let offset = i * rowStride;
      for (let t = 0; t < length; t++, offset += dim) {
        for (let k = 0; k < dim; k++) v[k]! += hidden[offset + k]!;
      }
      // Mean then L2 normalisation is the sum scaled to unit length: the 1/length factor cancels.
      let norm = 0;
      for (let k = 0; k < dim; k++) norm += v[k]! * v[k]!;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let k = 0; k < dim; k++) v[k]! *= scale;
      out[batch.rows[i]!] = v;
    }
  }

  private async embed(texts: string[], onBatch?: (done: number) => void): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(texts.length);
    if (!texts.length) return out;
    let done = 0;
    for (const batch of this.batches(this.tokenize(texts))) {
      await this.runBatch(batch, out);
      done += batch.rows.length;
      onBatch?.(done);
    }
    return out;
  }

  embedPassages(texts: string[], onBatch?: (done: number) => void): Promise<Float32Array[]> {
    return this.embed(
      texts.map((t) => this.prefix.passage + t),
      onBatch,
    );
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return (await this.embed([this.prefix.query + text]))[0]!;
  }

  /** The library's own path (tokenize, pad, run, pool through transformers.js): what the vectors are checked against. */
  async libraryVectors(texts: string[]): Promise<Float32Array[]> {
    const output = await this.extractor(texts, { pooling: 'mean', normalize: true });
    const data = output.data as Float32Array;
    const dim = this.dimensions;
    return texts.map((_, i) => data.slice(i * dim, (i + 1) * dim));
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
): Promise<OnnxEmbedder> {
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
  const spin = spinningEnabled(config.threadSpinning) ? '1' : '0';
  const file = modelFile(config, name, localRoot);
  // A downloaded model is ours to lay out: its weights go beside the graph, where onnxruntime maps them
  // instead of copying them (external-data.ts). A folder the user gave is only pointed at the command.
  // Returns whether it did: a cache it cannot write (read-only, full) leaves the model loading as it is.
  const externalize = (): boolean => {
    try {
      const bytes = moveWeightsToExternalData(file);
      options.log?.info('moved the model weights beside the graph, to be mapped rather than copied', { file: externalDataFile(file), bytes });
      return true;
    } catch (e) {
      options.log?.warn(`could not move the model weights beside the graph (${e instanceof Error ? e.message : String(e)}): the model takes about 100 MiB more memory`);
      return false;
    }
  };
  const load = async () => {
    const extractor = (await pipeline('feature-extraction', name, {
      dtype: config.dtype,
      session_options: {
        intraOpNumThreads: config.threads,
        interOpNumThreads: 1,
        // Session config entries session.intra_op.allow_spinning / session.inter_op.allow_spinning.
        extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
      },
      // Only for a download: reading local files through it keeps about 15 MiB more (measured).
      progress_callback: existsSync(file)
        ? undefined
        : (info: { status: string; file?: string; loaded?: number; total?: number }) => {
            if (info.status === 'progress' && info.file) {
              options.onProgress?.({ file: info.file, loaded: info.loaded ?? 0, total: info.total ?? 0 });
            }
          },
    })) as FeatureExtractionPipeline;
    compactTokenizer(extractor.tokenizer);
    return extractor;
  };
  try {
    const inCache = !localRoot && hasInlineWeights(file);
    if (inCache) externalize();
    let extractor = await load();
    if (!localRoot && !inCache && hasInlineWeights(file) && externalize()) {
      // Just downloaded: load again from the new layout rather than keep the weights' copy.
      await extractor.dispose();
      extractor = await load();
    } else if (localRoot && hasInlineWeights(file)) {
      options.log?.info(
        `the model keeps its weights inside ${file}: \`npm run model:external -- ${path.join(localRoot!, name)}\` moves them beside it, about 100 MiB less memory per process`,
      );
    }
    const session = extractor.model.sessions.model as OnnxSession | undefined;
    if (!session) throw new Error('the model folder has no encoder session (onnx/model*.onnx)');
    const embedder = new OnnxEmbedder(config.model, config.dtype, extractor, session, config.batchSize);
    await embedder.embedQuery('probe');
    return embedder;
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
