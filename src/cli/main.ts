import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDotEnv, readConfig, type Config } from '../config.js';
import { isUserError, UserError } from '../errors.js';
import { buildIndex } from '../index/build.js';
import { loadEmbedder, ModelLoadError, type Embedder } from '../model/embedder.js';
import { openEngine, type Engine } from '../search/engine.js';
import type { SearchMode } from '../types.js';
import { createLogger, type Logger } from '../util/log.js';
import { runChat } from './chat.js';
import { renderAnswer, renderDate, renderPerson, styleFor } from './format.js';
import { createProgressReporter } from './progress.js';

const USAGE = `Usage: npm run --silent cli -- <command> [options]

Commands:
  index   --corpus DIR --index DIR [--mode lexical|hybrid] [--full]   build or update the index
  search  --index DIR --batch FILE --top K [--mode lexical|dense|hybrid]
          (FILE: JSON Lines {"id","query"}; prints one JSON line per query)
  search  "QUERY" [--index DIR] [--top K] [--mode M]                    one query, JSON
  ask     "QUESTION" [--index DIR] [--top K] [--mode M] [--script auto|original|simplified|traditional] [--json]
  date    "EXPR" [--index DIR] [--json]      e.g. 2024-02-19, 2024年2月19日, 2月19日, 十月二十七日, 2024年2月, 2024
  person  "NAME" [--index DIR] [--json]      e.g. 毛伟明 or 毛偉明
  stats   [--index DIR] [--json]
  chat    [--index DIR]                      interactive questions in the terminal

Without --index, the index under INDEX_DIR (default ./embeddings) is used and built from CORPUS_DIR when missing.`;

const MODES: readonly SearchMode[] = ['lexical', 'dense', 'hybrid'];

interface Args {
  command: string;
  positional: string[];
  values: Record<string, string | boolean | undefined>;
}

function parse(argv: string[]): Args {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      corpus: { type: 'string' },
      index: { type: 'string' },
      mode: { type: 'string' },
      batch: { type: 'string' },
      top: { type: 'string' },
      script: { type: 'string' },
      json: { type: 'boolean' },
      full: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'help', ...positional] = positionals;
  return { command: values.help ? 'help' : command, positional, values };
}

function modeOption(value: unknown, allowed: readonly SearchMode[] = MODES): SearchMode | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as SearchMode)) {
    throw new UserError('cli.bad_option', `--mode must be one of ${allowed.join(', ')}; got "${String(value)}".`);
  }
  return value as SearchMode;
}

function topOption(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new UserError('cli.bad_option', `--top must be a whole number from 1 to 50; got "${String(value)}".`);
  return n;
}

function configFor(args: Args, base: Config): Config {
  return {
    ...base,
    corpusDir: typeof args.values.corpus === 'string' ? path.resolve(args.values.corpus) : base.corpusDir,
    indexDir: typeof args.values.index === 'string' ? path.resolve(args.values.index) : base.indexDir,
  };
}

function out(line: string): void {
  process.stdout.write(line + '\n');
}

/** Opens the index for a query command: an explicit --index is used as it is; the default one is built when missing. */
async function open(args: Args, config: Config, log: Logger, mode?: SearchMode): Promise<Engine> {
  const progress = createProgressReporter();
  try {
    return await openEngine(mode === 'lexical' ? { ...config, embeddings: 'none' } : config, {
      log,
      autoBuild: args.values.index === undefined,
      onProgress: progress.onIndex,
      onModelProgress: progress.onModel,
    });
  } finally {
    progress.stop();
  }
}

async function commandIndex(args: Args, config: Config, log: Logger): Promise<void> {
  const mode = modeOption(args.values.mode, ['lexical', 'hybrid']) ?? (config.embeddings === 'none' ? 'lexical' : 'hybrid');
  const progress = createProgressReporter();
  let embedder: Embedder | null = null;
  if (mode === 'hybrid' && config.embeddings !== 'none') {
    try {
      embedder = await loadEmbedder(config, { onProgress: progress.onModel, log });
    } catch (e) {
      if (!(e instanceof ModelLoadError)) throw e;
      log.warn(`${e.message} Building a keyword-only index.`);
    }
  }
  try {
    const { result } = await buildIndex({
      corpusDir: config.corpusDir,
      indexDir: config.indexDir,
      embedder,
      full: Boolean(args.values.full),
      onProgress: progress.onIndex,
      log,
    });
    if (result.removedFiles.length) log.info(`removed from the index: ${result.removedFiles.join(', ')}`);
  } finally {
    progress.stop();
  }
}

interface BatchLine {
  id: string;
  query: string;
}

function parseBatch(text: string, file: string): BatchLine[] {
  return text
    .split(/\r?\n/)
    .map((l, i) => ({ l: l.trim(), n: i + 1 }))
    .filter(({ l }) => l)
    .map(({ l, n }) => {
      let v: unknown;
      try {
        v = JSON.parse(l);
      } catch {
        throw new UserError('cli.bad_batch', `${file}:${n} is not JSON. Each line must be {"id": "...", "query": "..."}.`);
      }
      const o = v as Partial<BatchLine>;
      if (!o || typeof o !== 'object' || o.id === undefined || typeof o.query !== 'string') {
        throw new UserError('cli.bad_batch', `${file}:${n} needs "id" and a string "query".`);
      }
      return { id: String(o.id), query: o.query };
    });
}

function hitJson(h: { file: string; paragraph: number; score: number; text: string }) {
  return { file: h.file, paragraph: h.paragraph, score: Number(h.score.toFixed(6)), text: h.text };
}

async function commandSearch(args: Args, config: Config, log: Logger): Promise<void> {
  const mode = modeOption(args.values.mode);
  const top = topOption(args.values.top, 10);
  const batchFile = args.values.batch;
  let lines: BatchLine[];
  if (typeof batchFile === 'string') {
    let text: string;
    try {
      text = await readFile(batchFile, 'utf8');
    } catch {
      throw new UserError('cli.bad_batch', `Cannot read the batch file ${batchFile}.`);
    }
    lines = parseBatch(text, batchFile);
  } else if (args.positional.length) {
    lines = [{ id: 'q', query: args.positional.join(' ') }];
  } else {
    throw new UserError('cli.missing_argument', 'search needs --batch FILE or a query in quotes.');
  }
  const engine = await open(args, config, log, mode);
  for (const w of engine.warnings) log.warn(w);
  let warned = false;
  for (const { id, query } of lines) {
    try {
      const hits = await engine.search(query, { top, mode });
      if (!warned && mode && mode !== 'lexical' && engine.defaultMode === 'lexical') {
        log.warn(`${mode} search is not available for this index/model; results are keyword-only.`);
        warned = true;
      }
      out(JSON.stringify({ id, hits: hits.map(hitJson) }));
    } catch (e) {
      if (!isUserError(e)) throw e;
      // One bad question must not stop a batch: it gets no hits and the reason.
      out(JSON.stringify({ id, hits: [], error: e.id }));
      log.warn(`query ${id}: ${e.message}`);
    }
  }
}

async function commandAsk(args: Args, config: Config, log: Logger): Promise<void> {
  const question = args.positional.join(' ');
  const mode = modeOption(args.values.mode);
  const top = topOption(args.values.top, config.topK);
  const script = args.values.script as 'auto' | 'original' | 'simplified' | 'traditional' | undefined;
  if (script !== undefined && !['auto', 'original', 'simplified', 'traditional'].includes(script)) {
    throw new UserError('cli.bad_option', '--script must be auto, original, simplified or traditional.');
  }
  const engine = await open(args, config, log, mode);
  const answer = await engine.ask(question, { top, mode, script });
  if (args.values.json) {
    out(
      JSON.stringify({
        question: answer.question,
        answered: answer.answered,
        mode: answer.mode,
        hits: answer.passages.map((p) => ({ ...hitJson(p), kind: p.paragraphRef.kind ?? 'text', span: p.span, sentences: p.sentences, citation: p.citation, display: p.display })),
        warnings: answer.warnings,
      }),
    );
  } else out(renderAnswer(answer, styleFor(Boolean(process.stdout.isTTY))));
}

async function commandDate(args: Args, config: Config, log: Logger): Promise<void> {
  const engine = await open(args, config, log, 'lexical');
  const r = engine.date(args.positional.join(' '));
  if (args.values.json) {
    out(JSON.stringify({ query: r.query, description: r.description, hits: r.hits.map(({ citation, ...h }) => ({ ...h, title: citation.title })) }));
  } else out(renderDate(r, styleFor(Boolean(process.stdout.isTTY))));
}

async function commandPerson(args: Args, config: Config, log: Logger): Promise<void> {
  const engine = await open(args, config, log, 'lexical');
  const r = engine.person(args.positional.join(' '));
  if (args.values.json) {
    out(JSON.stringify({ name: r.name, variants: r.variants, roles: r.roles, hits: r.hits.map(({ citation, ...h }) => ({ ...h, title: citation.title })) }));
  } else out(renderPerson(r, styleFor(Boolean(process.stdout.isTTY))));
}

async function commandStats(args: Args, config: Config, log: Logger): Promise<void> {
  const engine = await open(args, config, log, 'lexical');
  const s = engine.stats();
  if (args.values.json) out(JSON.stringify(s));
  else {
    out(
      [
        `documents:  ${s.documents} (${s.articles} articles)`,
        `paragraphs: ${s.paragraphs}`,
        `model:      ${s.model ? `${s.model} (${s.dtype}, ${s.dimensions} dimensions)` : 'none (keyword-only index)'}`,
        `built:      ${s.builtAt} in ${(s.buildMs / 1000).toFixed(1)} s`,
        `index:      ${s.indexDir}`,
      ].join('\n'),
    );
  }
}

export async function main(argv: string[]): Promise<number> {
  loadDotEnv();
  let log = createLogger('info');
  try {
    const args = parse(argv);
    const config = configFor(args, readConfig());
    log = createLogger(config.logLevel);
    switch (args.command) {
      case 'index':
        await commandIndex(args, config, log);
        break;
      case 'search':
        await commandSearch(args, config, log);
        break;
      case 'ask':
        await commandAsk(args, config, log);
        break;
      case 'date':
        await commandDate(args, config, log);
        break;
      case 'person':
        await commandPerson(args, config, log);
        break;
      case 'stats':
        await commandStats(args, config, log);
        break;
      case 'chat': {
        const engine = await open(args, config, log);
        await runChat(engine, log);
        break;
      }
      case 'help':
        out(USAGE);
        break;
      default:
        throw new UserError('cli.unknown_command', `Unknown command "${args.command}".\n\n${USAGE}`);
    }
    return 0;
  } catch (e) {
    if (isUserError(e)) {
      process.stderr.write(`error: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`error: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    log.error(`unexpected failure: ${(e as Error).message}`);
    log.debug((e as Error).stack ?? '');
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli/main.ts')) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
