import { availableParallelism } from 'node:os';
import type { Config } from '../config.js';
import { echoInput, stripControlChars, UserError } from '../errors.js';
import { buildIndexInBackground } from '../index/background.js';
import { buildIndex } from '../index/build.js';
import { KeywordThread } from '../index/keyword-thread.js';
import { currentGeneration, IndexDamagedError, IndexIncompatibleError, IndexTooLargeError, readGeneration, type IndexData } from '../index/store.js';
import { loadEmbedder, ModelLoadError, type Embedder, type ModelProgress } from '../model/embedder.js';
import { detectScript, toScript } from '../corpus/script.js';
import { silentLogger, type Logger } from '../util/log.js';
import { articleNumbers, articleParagraphs, citationFor, publishDateText } from './citation.js';
import { datedOn, datedParagraphs, lookupDate } from './date-lookup.js';
import { parseDateQuery } from './date-query.js';
import { buildPeople, findPerson, resolvePinyinNames, suggestPeople, type PersonEntry } from './people.js';
import { labelMap, type Ranked } from './retrieve.js';
import { peopleNamed, rankWithRunnersUp, surestFirst } from './rank.js';
import { askedCoverage, holdsEveryNumber, judge, RUNNERS_UP, termsFor } from './answerable.js';
import { answerPassages, windowKey, windows, withoutRepeats, type MarkedPassage } from './passages.js';
import { asksRange, holdsRange } from './sentences.js';
import { creditAnswer, creditQuestion, quotableFor, type CreditQuestion } from './credits.js';
import type {
  Answer,
  AnswerPassage,
  ArticleView,
  AskOptions,
  DateResult,
  Hit,
  ParagraphRef,
  IndexProgressEvent,
  IndexStats,
  PersonResult,
  PersonSummary,
  QaEngine,
  ReindexOptions,
  ReindexResult,
  SearchMode,
  SearchOptions,
  SourceSummary,
} from '../types.js';

/** Longest question accepted: beyond this it is a pasted document, not a question. */
export const MAX_QUESTION_CHARS = 500;
const MAX_TOP = 50;

/**
 * A passage after the first is marked when the abstention model is at least this share as confident in it
 * as in the first: on the bundled corpus, other meetings' reports that share the question's words scored
 * 0.10–0.58 of the first (another day's 6月14日 meeting, 10月27日 for a 6月14日 question), passages that also
 * answer 0.63–1.07 (沈晓明's other November visits, 毛伟明's other points).
 */
const ALSO_ANSWERS_SHARE = 0.6;

/** Checks a question and returns it trimmed, or throws a UserError saying what to do. */
export function validateQuestion(question: string): string {
  const q = stripControlChars(question ?? '').trim();
  if (!q) throw new UserError('query.empty', 'The question is empty. Ask something, e.g. 毛伟明在全省市州长视频会上强调了什么？');
  if (!/[\p{L}\p{N}]/u.test(q)) {
    throw new UserError('query.empty', 'The question has no words, only punctuation or symbols. Ask with words, e.g. 沈晓明去了哪些地方调研？');
  }
  if ([...q].length > MAX_QUESTION_CHARS) {
    throw new UserError('query.too_long', `The question is ${[...q].length} characters long; keep it under ${MAX_QUESTION_CHARS}.`, {
      length: [...q].length,
      max: MAX_QUESTION_CHARS,
    });
  }
  return q;
}

/** Live state that a re-index replaces in one assignment. */
interface Generation {
  data: IndexData;
  labels: Map<number, number>;
  people: Map<string, PersonEntry>;
}

function generation(data: IndexData): Generation {
  return { data, labels: labelMap(data), people: buildPeople(data) };
}

export class Engine implements QaEngine {
  private current: Generation;
  private running: Promise<ReindexResult> | null = null;
  readonly warnings: string[] = [];
  /** Why the start-up update failed, when the engine serves the previous index instead. */
  updateFailed: string | undefined;

  private keywordThread: KeywordThread | null = null;
  /** Why the keyword thread is no longer used, once it failed. */
  private keywordThreadFailure: string | null = null;

  constructor(
    data: IndexData,
    private readonly config: Config,
    private readonly embedder: Embedder | null,
    private readonly log: Logger,
  ) {
    this.current = generation(data);
  }

  get reindexing(): boolean {
    return this.running !== null;
  }

  get data(): IndexData {
    return this.current.data;
  }

  /** Modes this index and model can serve; hybrid when both halves are there. */
  get defaultMode(): SearchMode {
    return this.embedder && this.current.data.vectors ? this.config.defaultMode : 'lexical';
  }

  private resolveMode(mode: SearchMode | undefined, warnings: string[]): SearchMode {
    const wanted = mode ?? this.defaultMode;
    if (wanted !== 'lexical' && !(this.embedder && this.current.data.vectors)) {
      warnings.push(`${wanted} search needs the embedding model and an index built with it; answered with keyword search instead.`);
      return 'lexical';
    }
    return wanted;
  }

  private allowedFor(g: Generation, o: SearchOptions): ((id: number) => boolean) | undefined {
    const f = o.filters;
    if (!f) return undefined;
    const tests: Array<(id: number) => boolean> = [];
    if (f.file) {
      const prefix = f.file.replace(/\\/g, '/');
      tests.push((id) => g.data.paragraphs.file(id).startsWith(prefix));
    }
    if (f.person) {
      const person = findPerson(g.people, f.person);
      const ids = new Set(person?.paragraphs ?? []);
      tests.push((id) => ids.has(id));
    }
    if (f.dateFrom || f.dateTo) {
      const start = f.dateFrom ?? f.dateTo!;
      const end = f.dateTo ?? f.dateFrom!;
      const query = { start, end, description: '' };
      tests.push((id) => datedOn(g.data, query, id));
    }
    return (id) => tests.every((t) => t(id));
  }

  /** `quotable`: which paragraphs the question may be answered with, besides the search's filters. */
  /** `depth`: passages retrieved in all, those after the ranked ones returned as `runnersUp` (for the judgement). */
  private async rank(
    query: string,
    o: SearchOptions,
    warnings: string[],
    quotable?: (id: number) => boolean,
    depth = 0,
  ): Promise<{ g: Generation; mode: SearchMode; hits: Hit[]; runnersUp: Ranked[] }> {
    const g = this.current;
    const mode = this.resolveMode(o.mode, warnings);
    const filters = this.allowedFor(g, o);
    const allowed = filters && quotable ? (id: number) => filters(id) && quotable(id) : (filters ?? quotable);
    // A search's own filters may let few paragraphs through; `quotable` lets nearly all (keyword-thread.ts).
    const keywordThread = filters ? undefined : this.keywordThreadFor(mode);
    const { ranked, runnersUp } = await rankWithRunnersUp(
      g.data,
      g.labels,
      this.embedder,
      query,
      { mode, top: topOf(o, this.config.topK), allowed, keywordThread },
      depth,
    );
    return { g, mode, hits: hitsOf(g.data, ranked), runnersUp };
  }

  async search(query: string, options: SearchOptions = {}): Promise<Hit[]> {
    const q = validateQuestion(query);
    return (await this.rank(q, options, [])).hits;
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const asked = validateQuestion(question);
    const warnings = [...this.warnings];
    // Names typed in pinyin are looked up as the people they name.
    const q = resolvePinyinNames(this.current.people, asked);
    const questionScript = detectScript(q);
    // Who wrote or photographed a report: answered from its credits (credits.ts) when the question is one.
    const credit = creditQuestion(q);
    const byCredit = credit && (await this.askCredit(asked, questionScript, credit, options, warnings));
    if (byCredit) return byCredit;
    // A question that is only a date (6月14日发生了什么, 2月19日的新闻) is a date look-up: the passages dated that
    // day answer it, as `/date` finds them; a day the corpus dates nothing on is not answered.
    const day = parseDateQuery(q);
    const allowed = this.allowedFor(this.current, options) ?? (() => true);
    const dated = day.ok ? datedParagraphs(this.current.data, day.query).filter((d) => allowed(d.id)).slice(0, topOf(options, this.config.topK)) : [];
    const ranked = dated.length ? dated.map((d) => ({ id: d.id, score: 1 })) : undefined;
    // A by-line answers who wrote a report (above) or a question naming whom it credits, no other question.
    const f = await this.found(q, questionScript, options, warnings, ranked, quotableFor(this.current.data, q));
    const { g, mode, terms, shown } = f;
    // The passage judged surest goes first (rank.ts surestFirst); `search` keeps retrieval's order, and a date
    // question's passages keep theirs (the date answers it, not the judgement).
    const { order, judged } = day.ok ? { order: f.found.map((_, i) => i), judged: f.judged } : surestFirst(g.data, terms, q, f.retrieved, f.found.length, f.judged);
    const found = order.map((i) => f.found[i]!);
    const keys = order.map((i) => f.keys[i]!);
    const confidence = judged.confidence;
    // A year asked for (2024年6月14日) is answered only by passages certain of it, not by a 6月14日 of unknown year.
    const answered = day.ok ? dated.some((d) => !d.yearUnknown || day.query.start.year === null) : judged.answered;
    // A passage after the first is marked only when it answers too, judged against the first, nearly as surely
    // as the first; when its own text, not only its article's title (which every paragraph of the article shares:
    // …湖湘工匠培育基地已建253个), holds what is asked (the terms beside the question word: 主持 in 谁主持) as
    // fully as the first's own text does; when it holds the question's numbers (6月14日), the people it names
    // (毛伟明) and, asked from when to when, a span of dates (not a dateline's one day): a passage about something
    // else that shares a few words (another meeting's report), about another day, or about someone else, is shown
    // as found, not marked as if it answered.
    const ownText = (i: number) => found[i]!.ids.map((id) => g.data.paragraphs.norm(id)).join('\n');
    const askedByFirst = found.length ? askedCoverage(terms, q, ownText(0)) : 0;
    const named = peopleNamed(g.data, q);
    const range = asksRange(q);
    const alsoAnswers = (i: number) => {
      const key = keys[i]!;
      const own = ownText(i);
      const also = judge(g.data, terms, q, [key, keys[0]!]);
      return (
        also.answered &&
        also.confidence >= ALSO_ANSWERS_SHARE * confidence &&
        askedCoverage(terms, q, own) >= askedByFirst &&
        holdsEveryNumber(terms, own) &&
        (!range || holdsRange(own)) &&
        named.every((name) => key.includes(name))
      );
    };
    const marks = found.map((_, i) => answered && (i === 0 || dated.length > 0 || alsoAnswers(i)));
    const passages = answerPassages(g.data, found, q, terms, marks).map(shown);
    return { question: asked, answered, mode, passages, questionScript, warnings };
  }

  /**
   * A question's ranked passages (with what continues them), the judgement on them, and how each is quoted in
   * the reply's script. `ranked`: passages found otherwise (a date's), in place of the question's ranking;
   * `quotable`: which paragraphs the ranking may give.
   */
  private async found(q: string, questionScript: Answer['questionScript'], options: AskOptions, warnings: string[], ranked?: Ranked[], quotable?: (id: number) => boolean) {
    const { g, mode, hits, runnersUp } = ranked
      ? { g: this.current, mode: this.resolveMode(options.mode, warnings), hits: hitsOf(this.current.data, ranked), runnersUp: [] }
      : await this.rank(q, options, warnings, quotable, 1 + RUNNERS_UP);
    const wanted = options.script ?? 'auto';
    const target = wanted === 'auto' ? (questionScript === 'other' ? null : questionScript) : wanted === 'original' ? null : wanted;
    const terms = termsFor(g.data, q);
    // A caption that a shown paragraph of its report says whole is not shown beside it (passages.ts withoutRepeats).
    const shownRanked = withoutRepeats(g.data, hits.map((h) => ({ id: h.paragraphRef.id, score: h.score })));
    const found = windows(g.data, shownRanked);
    const keys = found.map((w) => windowKey(g.data, w.ids));
    // The best passage is judged against the next ones found, shown or not (a window quotes the paragraphs after its own).
    const retrieved = windows(g.data, [...shownRanked, ...runnersUp]).map((w) => windowKey(g.data, w.ids));
    const judged = judge(g.data, terms, q, retrieved);
    const byId = new Map(hits.map((h) => [h.paragraphRef.id, h]));
    const shown = (m: MarkedPassage): AnswerPassage => {
      const h = byId.get(m.id) ?? hitsOf(g.data, [{ id: m.id, score: m.score }])[0]!;
      const passage: AnswerPassage = {
        ...h,
        text: m.text,
        ranges: m.ranges,
        sentences: m.sentences,
        ...(m.span ? { span: m.span, articleParagraphs: articleParagraphs(g.data, m.ids) } : {}),
      };
      const own = g.data.documents.find((d) => d.file === h.file)?.script;
      if (target && target !== own) {
        passage.display = { text: toScript(m.text, target), title: toScript(h.citation.title, target), script: target, converted: true };
      }
      return passage;
    };
    return { g, mode, terms, found, keys, retrieved, judged, shown };
  }

  /**
   * A credit question's answer: its subject finds the report and is judged as any question is. Null when
   * the question is worded as other works' credits are too (`《论自由》的作者是谁`, `是谁写的`) and the report
   * found credits no one of that kind: the text itself may say who, and the question is answered as any other.
   */
  private async askCredit(asked: string, questionScript: Answer['questionScript'], credit: CreditQuestion, options: AskOptions, warned: string[]): Promise<Answer | null> {
    const warnings = [...warned];
    const { kind, subject } = credit;
    if (!subject) {
      return { question: asked, answered: false, mode: this.resolveMode(options.mode, warnings), passages: [], questionScript, warnings, credit: { kind, subject, outcome: 'no_subject', names: [] } };
    }
    const f = await this.found(subject, questionScript, options, warnings);
    const c = creditAnswer(f.g.data, credit, f.found, f.terms, f.judged.answered);
    if (!credit.report && c.credit.outcome !== 'credited') return null;
    return { question: asked, answered: c.answered, mode: f.mode, passages: c.passages.map(f.shown), questionScript, warnings, credit: c.credit };
  }

  date(expr: string, options: { top?: number } = {}): DateResult {
    const parsed = parseDateQuery(expr);
    if (!parsed.ok) throw parsed.error;
    const hits = lookupDate(this.current.data, parsed.query);
    const { description, start, end } = parsed.query;
    return { query: expr, description, start, end, hits: options.top ? hits.slice(0, options.top) : hits };
  }

  person(name: string, options: { top?: number } = {}): PersonResult {
    const g = this.current;
    const typed = stripControlChars(name ?? '').trim();
    if (!typed) throw new UserError('person.empty', 'Give a name, e.g. 毛伟明 or 沈曉明.');
    const entry = findPerson(g.people, typed);
    if (!entry) {
      const near = suggestPeople(g.people, typed.slice(0, 1), 5).map((p) => p.name);
      throw new UserError(
        'person.unknown',
        `No one called "${echoInput(typed)}" appears in the corpus.` + (near.length ? ` People with that surname: ${near.join('、')}.` : ''),
        { name: echoInput(typed), suggestions: near },
      );
    }
    const ids = options.top ? entry.paragraphs.slice(0, options.top) : entry.paragraphs;
    return {
      name: entry.id,
      variants: entry.variants,
      roles: entry.roles,
      total: entry.paragraphs.length,
      hits: ids.map((id) => {
        const p = g.data.paragraphs.get(id);
        const citation = citationFor(g.data, id);
        return {
          file: p.file,
          paragraph: p.paragraph,
          date: citation.dateText,
          text: p.text,
          kind: p.kind,
          articleParagraphs: articleParagraphs(g.data, [id]),
          citation,
          roles: entry.rolesAt.get(id) ?? [],
        };
      }),
    };
  }

  people(prefix: string, limit = 25): PersonSummary[] {
    return suggestPeople(this.current.people, prefix, limit);
  }

  sources(): SourceSummary[] {
    return this.current.data.documents.flatMap((d) =>
      d.articles.map((a) => ({
        file: d.file,
        title: a.title,
        dateText: publishDateText(a.date),
        date: a.date,
        source: a.source,
        ...(a.sourceInferred ? { sourceInferred: true } : {}),
        paragraphs: a.count,
      })),
    );
  }

  stats(): IndexStats {
    const { manifest, dir } = this.current.data;
    const emb = manifest.settings.embedding;
    return {
      documents: manifest.counts.documents,
      articles: manifest.counts.articles,
      paragraphs: manifest.counts.paragraphs,
      model: emb?.model ?? null,
      dtype: emb?.dtype ?? null,
      dimensions: emb?.dimensions ?? null,
      mode: this.defaultMode,
      builtAt: manifest.builtAt,
      buildMs: manifest.buildMs,
      indexDir: dir,
      ...(this.updateFailed ? { updateFailed: this.updateFailed } : {}),
    };
  }

  article(file: string, paragraph: number): ArticleView {
    const { data } = this.current;
    const store = data.paragraphs;
    let found = -1;
    for (let id = 0; id < store.length && found < 0; id++) if (store.paragraph(id) === paragraph && store.file(id) === file) found = id;
    const p = found >= 0 ? store.get(found) : null;
    if (!p) throw new UserError('article.unknown', `No paragraph ${paragraph} in ${file}; the index may have changed. Ask again.`, { file, paragraph });
    const a = data.documents[p.doc]!.articles[p.article]!;
    const numbers = articleNumbers(data, a.first, a.count);
    return {
      citation: citationFor(data, p.id),
      title: a.title,
      paragraphs: Array.from({ length: a.count }, (_, k) => ({
        paragraph: store.paragraph(a.first + k),
        text: store.text(a.first + k),
        ...(store.kind(a.first + k) ? { kind: store.kind(a.first + k) } : {}),
        number: numbers[k]!,
      })),
    };
  }

  /**
   * Re-indexes the corpus while the current index keeps answering; the new
   * generation replaces it in one assignment when (and only when) it is complete.
   */
  reindex(options: ReindexOptions = {}): Promise<ReindexResult> {
    if (this.running) throw new UserError('reindex.busy', 'A re-index is already running; wait for it to finish.');
    // In a worker process: questions keep being answered while it runs.
    const run = buildIndexInBackground({
      corpusDir: this.config.corpusDir,
      indexDir: this.config.indexDir,
      // Its segments are taken as they are when the new commit is loaded: only what changed is read.
      previous: this.current.data,
      embedder: this.embedder,
      full: options.full,
      onProgress: options.onProgress,
      signal: options.signal,
      log: this.log,
    }).then(
      (outcome) => {
        if (!outcome.unchanged) this.current = generation(outcome.data);
        return outcome.result;
      },
      (e: unknown) => {
        // Another process holds the index folder's lock: the same situation as a second /reindex.
        if (e instanceof UserError && e.id === 'index.busy') throw new UserError('reindex.busy', e.message, e.context);
        throw e;
      },
    );
    this.running = run;
    const clear = () => {
      this.running = null;
    };
    run.then(clear, clear);
    return run;
  }

  /**
   * Switches to the generation `CURRENT` names when another process (a
   * separate indexer, or a bot process running other shards) wrote it. The new
   * generation is read completely before it replaces the one serving; one built
   * with another model is not served (its vectors would not match the queries').
   * Returns whether it switched.
   */
  async refresh(): Promise<boolean> {
    if (this.running) return false;
    const dir = await currentGeneration(this.config.indexDir);
    if (!dir || dir === this.current.data.dir) return false;
    // Segments shared with the serving commit are not read again.
    const data = await readGeneration(this.config.indexDir, undefined, this.current.data);
    if (!data || this.running || data.dir === this.current.data.dir) return false;
    const emb = data.manifest.settings.embedding;
    if (emb && this.embedder && (emb.model !== this.embedder.model || emb.dimensions !== this.embedder.dimensions)) {
      throw new IndexIncompatibleError(this.config.indexDir, [`embedding model ${emb.model}, this process uses ${this.embedder.model}`]);
    }
    this.current = generation(data);
    return true;
  }

  /** The thread that scores a hybrid search's keywords while this one searches the graph, started with the first. */
  private keywordThreadFor(mode: SearchMode): KeywordThread | undefined {
    if (mode !== 'hybrid' || this.keywordThreadFailure !== null || !usesKeywordThread(this.config)) return undefined;
    try {
      this.keywordThread ??= new KeywordThread();
    } catch (e) {
      return this.keywordThreadFailed(`the keyword thread could not start (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
    return this.keywordThread.broken ? this.keywordThreadFailed(this.keywordThread.broken) : this.keywordThread;
  }

  /** Search goes on without the thread, as with KEYWORD_THREAD=off; said once in the log. */
  private keywordThreadFailed(reason: string): undefined {
    this.keywordThreadFailure = reason;
    this.log.warn(`${reason}; keywords are scored on the main thread from now on`);
    return undefined;
  }

  async close(): Promise<void> {
    await this.running?.catch(() => {});
    await this.keywordThread?.close();
  }
}

export interface OpenOptions {
  log?: Logger;
  onProgress?: (e: IndexProgressEvent) => void;
  onModelProgress?: (p: ModelProgress) => void;
  /**
   * `true` (front ends): build the index when missing, damaged or built with
   * other settings. `false` (the search commands): use the index as it is, with
   * the model it was built with.
   */
  autoBuild?: boolean;
}

async function tryEmbedder(config: Config, o: OpenOptions, log: Logger, warnings: string[]): Promise<Embedder | null> {
  if (config.embeddings === 'none') return null;
  try {
    return await loadEmbedder(config, { onProgress: o.onModelProgress, log });
  } catch (e) {
    const msg = e instanceof ModelLoadError ? e.message : `Could not load the embedding model: ${(e as Error).message}`;
    log.warn(`${msg} Falling back to keyword-only retrieval.`);
    warnings.push('The embedding model is unavailable; answers come from keyword search only.');
    return null;
  }
}

export async function openEngine(config: Config, o: OpenOptions = {}): Promise<Engine> {
  const log = o.log ?? silentLogger;
  const autoBuild = o.autoBuild ?? true;
  const warnings: string[] = [];
  let data: IndexData | null = null;
  try {
    data = await readGeneration(config.indexDir);
  } catch (e) {
    if (!(e instanceof IndexDamagedError || e instanceof IndexIncompatibleError || e instanceof IndexTooLargeError) || !autoBuild) throw e;
    log.warn(`${e.message.replace(/ Rebuild it:.*$/, '')} Rebuilding it from the corpus.`);
  }
  if (!autoBuild) {
    if (!data) {
      throw new UserError(
        'index.missing',
        `No index in ${config.indexDir}. Build one first: npm run cli -- index --corpus ${config.corpusDir} --index ${config.indexDir}`,
        { indexDir: config.indexDir },
      );
    }
    // Queries must be embedded by the model the index was built with.
    const emb = data.manifest.settings.embedding;
    const embedder = emb && config.embeddings === 'model' ? await tryEmbedder({ ...config, model: emb.model, dtype: emb.dtype as Config['dtype'] }, o, log, warnings) : null;
    const engine = new Engine(data, config, embedder, log);
    engine.warnings.push(...warnings);
    return engine;
  }
  const embedder = await tryEmbedder(config, o, log, warnings);
  if (data?.vectors && !embedder) {
    // The model is missing now but the index has vectors: serve it keyword-only rather than rebuild it without them.
    const engine = new Engine(data, config, null, log);
    engine.warnings.push(...warnings);
    return engine;
  }
  let outcome;
  try {
    outcome = await buildIndex({ corpusDir: config.corpusDir, indexDir: config.indexDir, embedder, previous: data, onProgress: o.onProgress, log });
  } catch (e) {
    // A failed update (full disk, unusable corpus, another writer) must not take down a working index.
    if (!data || !(e instanceof UserError)) throw e;
    const reason = `The index could not be updated (${e.message}); answering from the previous index, built ${data.manifest.builtAt}.`;
    log.warn(reason);
    // Queries must be embedded by the model the index was built with; without it, keyword search.
    const built = data.manifest.settings.embedding;
    const usable = embedder && built && built.model === embedder.model && built.dtype === embedder.dtype && built.dimensions === embedder.dimensions ? embedder : null;
    const engine = new Engine(data, config, usable, log);
    engine.warnings.push(...warnings, reason);
    engine.updateFailed = e.message;
    return engine;
  }
  // An unchanged corpus hands back the generation given as `previous`, which is then `data`.
  const engine = new Engine((outcome.data ?? data)!, config, embedder, log);
  engine.warnings.push(...warnings);
  return engine;
}

/** Whether the keyword thread is wanted: `auto` when the host has a second core for it. */
function usesKeywordThread(config: Config): boolean {
  return config.keywordThread === 'on' || (config.keywordThread === 'auto' && availableParallelism() >= 2);
}

/** How many passages a search or question asks for, within bounds. */
function topOf(o: SearchOptions, defaultTop: number): number {
  return Math.min(Math.max(o.top ?? defaultTop, 1), MAX_TOP);
}

function hitsOf(data: IndexData, ranked: Ranked[]): Hit[] {
  return ranked.map((r) => {
    const store = data.paragraphs;
    const kind = store.kind(r.id);
    const p: ParagraphRef = { id: r.id, file: store.file(r.id), paragraph: store.paragraph(r.id), article: store.article(r.id), ...(kind ? { kind } : {}) };
    return { file: p.file, paragraph: p.paragraph, score: r.score, text: store.text(r.id), articleParagraphs: articleParagraphs(data, [r.id]), paragraphRef: p, citation: citationFor(data, r.id) };
  });
}
