/**
 * The command line's commands, one table as the bot's slash commands are: each
 * with its options as data (parsed and checked by main.ts, usage generated from
 * them) and its handler. stdout carries only results (docs/cli.md); progress
 * and logs go to stderr.
 */
import { readFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import { isUserError, UserError } from '../errors.js';
import { updateIndex } from '../index/build.js';
import { loadEmbedder, ModelLoadError, type Embedder } from '../model/embedder.js';
import { openEngine, type Engine } from '../search/engine.js';
import { REPLY_SCRIPTS, SEARCH_MODES, type Hit, type ReplyScript, type SearchMode } from '../types.js';
import type { Logger } from '../util/log.js';
import { runChat } from './chat.js';
import { renderAnswer, renderArticle, renderDate, renderPerson, styleFor, terminalVoice } from './format.js';
import { createProgressReporter } from './progress.js';

export type OptionSpec =
  | { kind: 'flag' }
  /** A free value, named in the usage (`DIR`, `FILE`). */
  | { kind: 'value'; placeholder: string }
  | { kind: 'choice'; values: readonly string[] }
  | { kind: 'integer'; placeholder: string; min: number; max: number };

export type OptionValue = string | number | boolean | undefined;

export interface CommandInput {
  /** The positional arguments joined by spaces ('' when none). */
  argument: string;
  values: Record<string, OptionValue>;
  /** Configuration with `--corpus` and `--index` applied. */
  config: Config;
  log: Logger;
}

export interface CliCommand {
  name: string;
  /** The positional argument as the usage shows it, e.g. `"QUESTION"`. */
  argument?: string;
  summary: string;
  options: Record<string, OptionSpec>;
  run(input: CommandInput): Promise<void>;
}

const INDEX: OptionSpec = { kind: 'value', placeholder: 'DIR' };
const TOP: OptionSpec = { kind: 'integer', placeholder: 'K', min: 1, max: 50 };
const MODE: OptionSpec = { kind: 'choice', values: SEARCH_MODES };
const JSON_OUT: OptionSpec = { kind: 'flag' };

function out(line: string): void {
  process.stdout.write(line + '\n');
}

const tty = () => Boolean(process.stdout.isTTY);

/** Opens the index for a query command: an explicit --index is used as it is; the default one is built when missing. */
async function open(input: CommandInput, mode?: SearchMode): Promise<Engine> {
  const progress = createProgressReporter();
  try {
    return await openEngine(mode === 'lexical' ? { ...input.config, embeddings: 'none' } : input.config, {
      log: input.log,
      autoBuild: input.values.index === undefined,
      onProgress: progress.onIndex,
      onModelProgress: progress.onModel,
    });
  } finally {
    progress.stop();
  }
}

function hitJson(h: Pick<Hit, 'file' | 'paragraph' | 'score' | 'text'>) {
  return { file: h.file, paragraph: h.paragraph, score: Number(h.score.toFixed(6)), text: h.text };
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
      if (typeof o.id !== 'string' && typeof o.id !== 'number') {
        throw new UserError('cli.bad_batch', `${file}:${n}: "id" must be a string or a number, not ${o.id === null ? 'null' : typeof o.id}.`);
      }
      return { id: String(o.id), query: o.query };
    });
}

async function readBatch(file: string): Promise<BatchLine[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError('cli.bad_batch', `Cannot read the batch file ${file}.`);
  }
  return parseBatch(text, file);
}

const index: CliCommand = {
  name: 'index',
  summary: 'build or update the index (incremental: unchanged paragraphs keep their vectors)',
  options: { corpus: { kind: 'value', placeholder: 'DIR' }, index: INDEX, mode: { kind: 'choice', values: ['lexical', 'hybrid'] }, full: { kind: 'flag' } },
  async run({ values, config, log }) {
    const mode = (values.mode as SearchMode | undefined) ?? (config.embeddings === 'none' ? 'lexical' : 'hybrid');
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
      const { result } = await updateIndex({
        corpusDir: config.corpusDir,
        indexDir: config.indexDir,
        embedder,
        full: Boolean(values.full),
        onProgress: progress.onIndex,
        log,
      });
      if (result.removedFiles.length) log.info(`removed from the index: ${result.removedFiles.join(', ')}`);
    } finally {
      progress.stop();
    }
  },
};

const search: CliCommand = {
  name: 'search',
  argument: '"QUERY"',
  summary: 'one JSON line of hits per query: for each line {"id","query"} of --batch FILE (JSON Lines), or for the one QUERY (id "q")',
  options: { index: INDEX, batch: { kind: 'value', placeholder: 'FILE' }, top: TOP, mode: MODE },
  async run(input) {
    const { values, argument, log } = input;
    const mode = values.mode as SearchMode | undefined;
    const top = (values.top as number | undefined) ?? 10;
    let lines: BatchLine[];
    if (typeof values.batch === 'string') lines = await readBatch(values.batch);
    else if (argument) lines = [{ id: 'q', query: argument }];
    else throw new UserError('cli.missing_argument', 'search needs --batch FILE or a query in quotes.');
    const engine = await open(input, mode);
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
  },
};

const ask: CliCommand = {
  name: 'ask',
  argument: '"QUESTION"',
  summary: 'quoted answer with citations; --json: the hits with their answering sentences',
  options: { index: INDEX, top: TOP, mode: MODE, script: { kind: 'choice', values: REPLY_SCRIPTS }, json: JSON_OUT },
  async run(input) {
    const { values, argument, config } = input;
    const mode = values.mode as SearchMode | undefined;
    const engine = await open(input, mode);
    const answer = await engine.ask(argument, { top: (values.top as number | undefined) ?? config.topK, mode, script: values.script as ReplyScript | undefined });
    if (!values.json) {
      // How it was answered (keyword-only…) is a note for stderr, not part of the answer.
      for (const w of answer.warnings) input.log.warn(w);
      return out(renderAnswer(answer, styleFor(tty()), { script: values.script as ReplyScript | undefined }));
    }
    out(
      JSON.stringify({
        question: answer.question,
        answered: answer.answered,
        mode: answer.mode,
        hits: answer.passages.map((p) => ({
          ...hitJson(p),
          kind: p.paragraphRef.kind ?? 'text',
          span: p.span,
          articleParagraphs: p.articleParagraphs,
          sentences: p.sentences,
          citation: p.citation,
          display: p.display,
        })),
        warnings: answer.warnings,
        credit: answer.credit,
      }),
    );
  },
};

const date: CliCommand = {
  name: 'date',
  argument: '"EXPR"',
  summary: 'passages of a day, month, year or range: 2024-02-19, 2024年2月19日, 2月19日, 十月二十七日, 2024年2月, 2024, 11月12日至13日, 2024-02-01..2024-02-29',
  options: { index: INDEX, json: JSON_OUT },
  async run(input) {
    const r = (await open(input, 'lexical')).date(input.argument);
    if (!input.values.json) return out(renderDate(r, styleFor(tty())));
    out(JSON.stringify({ query: r.query, description: r.description, hits: r.hits.map(({ citation, ...h }) => ({ ...h, title: citation.title })) }));
  },
};

const person: CliCommand = {
  name: 'person',
  argument: '"NAME"',
  summary: 'roles seen and passages, newest first (unknown years after known ones, undated last); either script (毛伟明 or 毛偉明)',
  options: { index: INDEX, json: JSON_OUT },
  async run(input) {
    const r = (await open(input, 'lexical')).person(input.argument);
    if (!input.values.json) return out(renderPerson(r, styleFor(tty()), terminalVoice(input.argument)));
    out(JSON.stringify({ name: r.name, variants: r.variants, roles: r.roles, total: r.total, hits: r.hits.map(({ citation, ...h }) => ({ ...h, title: citation.title })) }));
  },
};

const article: CliCommand = {
  name: 'article',
  argument: '"FILE"',
  summary: 'the whole article holding paragraph N of FILE (as `file` and `paragraph` in JSON hits), each paragraph under the label citations give it',
  options: { index: INDEX, paragraph: { kind: 'integer', placeholder: 'N', min: 0, max: 1e9 }, script: { kind: 'choice', values: REPLY_SCRIPTS }, json: JSON_OUT },
  async run(input) {
    if (!input.argument) throw new UserError('cli.missing_argument', 'article needs a file as JSON hits give it, e.g. article "000_9954a45cdba6c14f.txt" --paragraph 19.');
    const paragraph = (input.values.paragraph as number | undefined) ?? 0;
    const view = (await open(input, 'lexical')).article(input.argument, paragraph);
    if (input.values.json) return out(JSON.stringify(view));
    out(renderArticle(view, paragraph, styleFor(tty()), terminalVoice(view.title || view.paragraphs[0]?.text || '', input.values.script as ReplyScript | undefined)));
  },
};

const stats: CliCommand = {
  name: 'stats',
  summary: 'documents, paragraphs, model, build time',
  options: { index: INDEX, json: JSON_OUT },
  async run(input) {
    const s = (await open(input, 'lexical')).stats();
    if (input.values.json) return out(JSON.stringify(s));
    out(
      [
        `documents:  ${s.documents} (${s.articles} articles)`,
        `paragraphs: ${s.paragraphs}`,
        `model:      ${s.model ? `${s.model} (${s.dtype}, ${s.dimensions} dimensions)` : 'none (keyword-only index)'}`,
        `built:      ${s.builtAt} in ${(s.buildMs / 1000).toFixed(1)} s`,
        `index:      ${s.indexDir}`,
        ...(s.updateFailed ? [`warning:    serving the previous index: ${s.updateFailed}`] : []),
      ].join('\n'),
    );
  },
};

const chat: CliCommand = {
  name: 'chat',
  summary: 'interactive questions in the terminal (/date, /person, /sources, /stats, /reindex)',
  options: { index: INDEX },
  async run(input) {
    await runChat(await open(input), input.log);
  },
};

export const CLI_COMMANDS: readonly CliCommand[] = [index, search, ask, date, person, article, stats, chat];
