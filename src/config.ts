import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.js';
import { SEARCH_MODES, type SearchMode } from './types.js';

/** Every setting of the project. Read from the environment (and `.env`), documented in `.env.example`. */
export interface Config {
  /** Folder of `.txt`/`.md` articles, read recursively. */
  corpusDir: string;
  /** Folder holding the index generations and the model cache. */
  indexDir: string;
  /** Model id on the Hugging Face hub (e.g. `Xenova/multilingual-e5-small`) or a local model folder. */
  model: string;
  /** Weights to load: `q8` is the int8 `model_quantized.onnx`, `fp32` is `model.onnx`. */
  dtype: 'q8' | 'fp32';
  /** Where downloaded models are cached. */
  modelCacheDir: string;
  /** Allow downloading the model from the hub on first use. */
  allowRemoteModels: boolean;
  /** onnxruntime intra-op threads for embedding. */
  threads: number;
  /** Whether onnxruntime's idle threads spin: `auto` = off on hosts with 2 cores or fewer. */
  threadSpinning: 'auto' | 'on' | 'off';
  /** Whether hybrid search scores keywords on a second thread while it searches the graph: `auto` = on with 2 cores or more. */
  keywordThread: 'auto' | 'on' | 'off';
  /** Paragraphs per embedding batch. */
  batchSize: number;
  /** `none` disables the model: keyword-only retrieval. */
  embeddings: 'model' | 'none';
  /** Default retrieval mode when a model is loaded (lexical is used otherwise). */
  defaultMode: SearchMode;
  /** Number of passages an answer quotes by default. */
  topK: number;
  /** Discord bot token; the bot runs only when set. Never logged. */
  discordToken: string | null;
  /** Register commands to this guild only (instant), otherwise globally. */
  discordGuildId: string | null;
  /** Discord application id (read from the token's login when unset). */
  discordApplicationId: string | null;
  /** Override of the Discord REST base URL (a proxy or a test server). */
  discordApiBase: string | null;
  /** Gateway shards: null = one (no sharding), `auto` = Discord's recommended count, or a total count. */
  shards: 'auto' | number | null;
  /** The shards this process runs when the total is split across processes or machines; null = all of them. */
  shardIds: number[] | null;
  /** User ids allowed to /reindex (in addition to the Manage Server permission check); empty = no extra restriction. */
  adminUserIds: string[];
  /** Role ids allowed to /reindex; empty = no extra restriction. */
  adminRoleIds: string[];
  /** Per-user questions allowed per window. */
  rateLimitCount: number;
  rateLimitWindowMs: number;
  /** How many questions may be embedded/searched at once across all users. */
  maxConcurrentQueries: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

type Env = Record<string, string | undefined>;

const DEFAULT_MODEL = 'Xenova/multilingual-e5-small';

function int(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UserError('config.invalid', `${key} must be a whole number from ${min} to ${max}; got "${raw}".`, { key });
  }
  return n;
}

function oneOf<T extends string>(env: Env, key: string, allowed: readonly T[], fallback: T): T {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UserError('config.invalid', `${key} must be one of ${allowed.join(', ')}; got "${raw}".`, { key });
  }
  return raw as T;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new UserError('config.invalid', `${key} must be true or false; got "${env[key]}".`, { key });
}

function list(env: Env, key: string): string[] {
  return (env[key] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function str(env: Env, key: string): string | null {
  const raw = env[key]?.trim();
  return raw ? raw : null;
}

function shardSettings(env: Env): Pick<Config, 'shards' | 'shardIds'> {
  const raw = env.SHARDS?.trim().toLowerCase();
  const shards = !raw ? null : raw === 'auto' ? 'auto' : int(env, 'SHARDS', 1, 1, 65535);
  const ids = list(env, 'SHARD_IDS');
  if (!ids.length) return { shards, shardIds: null };
  if (typeof shards !== 'number') {
    throw new UserError('config.invalid', 'SHARD_IDS needs SHARDS set to the total number of shards (e.g. SHARDS=4 SHARD_IDS=0,1).', { key: 'SHARD_IDS' });
  }
  const shardIds = ids.map(Number);
  const bad = ids.find((id, i) => !Number.isInteger(shardIds[i]) || shardIds[i]! < 0 || shardIds[i]! >= shards);
  if (bad !== undefined) {
    throw new UserError('config.invalid', `SHARD_IDS must list shard numbers from 0 to ${shards - 1}; got "${bad}".`, { key: 'SHARD_IDS' });
  }
  return { shards, shardIds: [...new Set(shardIds)].sort((a, b) => a - b) };
}

/** Loads `.env` from the working directory when present (Node's own loader), without overriding the environment. */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = path.join(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

export function readConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const indexDir = path.resolve(cwd, env.INDEX_DIR?.trim() || 'embeddings');
  return {
    corpusDir: path.resolve(cwd, env.CORPUS_DIR?.trim() || 'corpus'),
    indexDir,
    model: env.EMBEDDING_MODEL?.trim() || DEFAULT_MODEL,
    dtype: oneOf(env, 'EMBEDDING_DTYPE', ['q8', 'fp32'] as const, 'q8'),
    modelCacheDir: path.resolve(cwd, env.MODEL_CACHE_DIR?.trim() || path.join(indexDir, 'models')),
    allowRemoteModels: bool(env, 'ALLOW_REMOTE_MODELS', true),
    threads: int(env, 'EMBEDDING_THREADS', 2, 1, 64),
    threadSpinning: oneOf(env, 'EMBEDDING_THREAD_SPINNING', ['auto', 'on', 'off'] as const, 'auto'),
    keywordThread: oneOf(env, 'KEYWORD_THREAD', ['auto', 'on', 'off'] as const, 'auto'),
    batchSize: int(env, 'EMBEDDING_BATCH_SIZE', 8, 1, 256),
    embeddings: oneOf(env, 'EMBEDDINGS', ['model', 'none'] as const, 'model'),
    defaultMode: oneOf(env, 'SEARCH_MODE', SEARCH_MODES, 'hybrid'),
    topK: int(env, 'TOP_K', 3, 1, 10),
    discordToken: str(env, 'DISCORD_TOKEN'),
    discordGuildId: str(env, 'DISCORD_GUILD_ID'),
    discordApplicationId: str(env, 'DISCORD_APPLICATION_ID'),
    discordApiBase: str(env, 'DISCORD_API_BASE'),
    ...shardSettings(env),
    adminUserIds: list(env, 'ADMIN_USER_IDS'),
    adminRoleIds: list(env, 'ADMIN_ROLE_IDS'),
    rateLimitCount: int(env, 'RATE_LIMIT_COUNT', 5, 1, 1000),
    rateLimitWindowMs: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86400) * 1000,
    maxConcurrentQueries: int(env, 'MAX_CONCURRENT_QUERIES', 2, 1, 64),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
  };
}
