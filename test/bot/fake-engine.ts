/**
 * A `QaEngine` with realistic Hunan news passages and citations, whose slow
 * parts are under the test's control: `ask` and `reindex` can be held until
 * released, a magic question throws, and a re-index can be made to fail.
 */
import { UserError } from '../../src/errors.js';
import type {
  Answer,
  AnswerPassage,
  ArticleView,
  AskOptions,
  Citation,
  DateResult,
  Hit,
  IndexProgressEvent,
  IndexStats,
  PersonResult,
  PersonSummary,
  QaEngine,
  ReindexOptions,
  ReindexResult,
  SearchOptions,
  SourceSummary,
  StoredParagraph,
} from '../../src/types.js';

interface FakeArticle {
  file: string;
  title: string;
  date: { year: number | null; month: number | null; day: number | null } | null;
  dateText: string;
  source: string | null;
  url: string | null;
  reporters: string[];
  paragraphs: string[];
}

/** A sentence repeated into a paragraph far longer than any Discord limit, the answer in the middle. */
const LONG_PARAGRAPH = [
  ...Array.from({ length: 45 }, (_, i) => `第${i + 1}项，全力激活投资消费，紧盯“四个十大”以及省市重点建设项目，强化专班式推进、清单化调度。`),
  '超长段落的答案句：毛伟明强调要把改善民生作为第一政绩。',
  ...Array.from({ length: 45 }, (_, i) => `第${i + 46}项，做好中央预算内投资和专项债券项目储备，推动重大项目早开工、早投产、早见效。`),
].join('');

export const ARTICLES: FakeArticle[] = [
  {
    file: '002_d5e4687daec02d80.txt',
    title: '毛伟明在全省市州长视频会上强调 坚定必胜信心 打好“发展六仗”',
    date: { year: 2023, month: 4, day: 27 },
    dateText: '2023年4月27日',
    source: '湖南日报',
    url: 'https://www.hunan.gov.cn/hnyw/sy/hnyw1/202304/t20230427.html',
    reporters: ['周帙恒'],
    paragraphs: [
      '4月27日上午，全省市州长视频会在长沙召开。省委副书记、省长毛伟明在会上强调，要全面实施“三高四新”美好蓝图，坚定必胜信心，打好“发展六仗”，奋力推进中国式现代化新湖南建设。',
      '毛伟明指出，今年以来，全省上下坚持“开局就加速、起步即起势”，系统布局打好“发展六仗”，前瞻谋划争取发展主动，靠前行动抢抓政策机遇。全省经济运行整体好转、实现“开门稳”。',
      '毛伟明强调，今年是全面贯彻落实党的二十大精神的开局之年，二季度是承上启下的过渡期，是企稳回升的攻坚期。要紧扣高质量发展这个首要任务，把改善民生作为第一政绩，一招不落抓好二季度工作。',
    ],
  },
  {
    file: '004_b6ae09326c15c488.txt',
    title: '毛偉明主持省政府黨組會議：聚焦“十個方面”解難題抓落實',
    date: { year: 2024, month: 2, day: 19 },
    dateText: '2024年2月19日',
    source: '湖南省人民政府門戶網站',
    url: null,
    reporters: [],
    paragraphs: [
      '2月19日下午，省委副書記、省長、省政府黨組書記毛偉明主持召開省政府黨組會議，認真學習貫徹習近平總書記關於解放思想的重要論述精神，一手抓解放思想，一手抓貫徹落實。',
      '會議指出，我們要落實落細省委通知要求，聚焦十個方面存在的具體問題，以思想大解放推動工作大落實，扎實推進全省高質量發展。',
    ],
  },
  {
    file: '003_3b49a103faae7710.txt',
    title: '湖南省委书记省长带队，省领导赴市州密集督导',
    date: { year: 2024, month: 11, day: 14 },
    dateText: '2024年11月14日',
    source: '湘伴',
    url: 'https://example.org/hunan/20241114',
    reporters: ['唐俊', '刘尚文'],
    paragraphs: [
      '“实”字当头、“干”字为先。国庆长假一过，10月8日至9日，省委书记沈晓明来到衡阳，10日转赴娄底，接连三天，调研两地经济社会发展情况并主持召开座谈会。',
      '省委副书记、省长毛伟明则是先后赴长沙、株洲、邵阳等市州，调研粮食生产和农业科技创新、“八大行动”及“两重”“两新”政策落实情况等。',
      '11月12日至13日，毛伟明再赴岳阳市和娄底市，调研经济社会发展情况。',
      '11月11日，省委副书记李殿勋赴株洲督导经济运行情况。',
    ],
  },
  {
    file: '000_9954a45cdba6c14f.txt',
    title: '张庆伟主持召开省委常委会议强调 突出抓好高校毕业生等重点群体就业',
    date: { year: null, month: 6, day: 14 },
    dateText: '6月14日（年份不详）',
    source: '三湘都市报',
    url: null,
    reporters: [],
    paragraphs: [
      '三湘都市报6月14日讯 今日下午，省委书记、省人大常委会主任张庆伟主持召开省委常委会议，传达学习习近平总书记近期重要讲话精神。',
      '会议强调，要全力办好各项民生实事，突出抓好高校毕业生、退役军人等重点群体就业，用心用情解决教育、医疗、住房等群众急难愁盼问题。',
    ],
  },
  {
    file: 'notices/通知.md',
    title: '通知：*周末* 参观安排 @everyone',
    date: { year: 2024, month: 3, day: 1 },
    dateText: '2024年3月1日',
    source: '长沙晚报',
    url: 'javascript:alert(1)',
    reporters: [],
    paragraphs: ['据悉，@everyone 请注意：本周末展馆 **不** 开放_参观_，<@&200> 与 # 标题 保持原样。周一起恢复开放。'],
  },
  {
    file: 'long/超长报道.txt',
    title: '全力激活投资消费 推动经济实现质的有效提升',
    date: { year: 2023, month: 5, day: 8 },
    dateText: '2023年5月8日',
    source: '湖南日报',
    url: null,
    reporters: ['周帙恒'],
    paragraphs: ['毛伟明指出，实现高质量发展，重点要抓好“六个全力”。', LONG_PARAGRAPH, '会议要求，各地各部门要坚决扛牢责任。'],
  },
];

const PEOPLE: PersonSummary[] = [
  { id: '毛伟明', name: '毛伟明', variants: ['毛伟明', '毛偉明'], roles: ['省委副书记', '省长', '省政府党组书记'], mentions: 7 },
  { id: '沈晓明', name: '沈晓明', variants: ['沈晓明', '沈曉明'], roles: ['省委书记'], mentions: 1 },
  { id: '张庆伟', name: '张庆伟', variants: ['张庆伟'], roles: ['省委书记', '省人大常委会主任'], mentions: 1 },
  { id: '李殿勋', name: '李殿勋', variants: ['李殿勋'], roles: ['省委副书记'], mentions: 1 },
];

/** Asking this makes `ask` throw a plain Error: a bug, as far as the bot can tell. */
export const EXPLODING_QUESTION = '让引擎崩溃的问题';

export class Deferred<T = void> {
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  readonly promise = new Promise<T>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });
}

function citationOf(a: FakeArticle): Citation {
  return { title: a.title, date: a.date, dateText: a.dateText, source: a.source, url: a.url, reporters: a.reporters, file: a.file };
}

/** Sentences of Chinese text, with their ranges. */
function sentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (const m of text.matchAll(/[。！？]/g)) {
    out.push([start, (m.index ?? 0) + 1]);
    start = (m.index ?? 0) + 1;
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

function bigrams(text: string): Set<string> {
  const clean = text.replace(/[\s\p{P}]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < clean.length; i++) out.add(clean.slice(i, i + 2));
  return out;
}

function overlap(a: Set<string>, text: string): number {
  let n = 0;
  for (const b of bigrams(text)) if (a.has(b)) n++;
  return n;
}

export class FakeEngine implements QaEngine {
  readonly askCalls: Array<{ question: string; options: AskOptions }> = [];
  readonly reindexCalls: ReindexOptions[] = [];
  /** While set, `ask` waits for it (a slow embedding). */
  askGate: Deferred | null = null;
  /** While set, `reindex` waits for it after reading the corpus (a slow embedding phase). */
  reindexGate: Deferred | null = null;
  /** The next re-index fails with this. */
  reindexFailure: Error | null = null;
  /** Extra documents listed by `sources` (to test "and N more"). */
  extraSources = 0;
  generation = 1;
  private running = false;
  private closed = false;

  get reindexing(): boolean {
    return this.running;
  }

  private paragraphs(): Array<{ article: FakeArticle; index: number; text: string; id: number }> {
    return ARTICLES.flatMap((article, a) => article.paragraphs.map((text, index) => ({ article, index, text, id: a * 100 + index })));
  }

  private hit(p: { article: FakeArticle; index: number; text: string; id: number }, score: number): Hit {
    const ref: StoredParagraph = {
      id: p.id,
      file: p.article.file,
      paragraph: p.index,
      article: 0,
      text: p.text,
      norm: p.text,
      dates: [],
      people: [],
    };
    // Each fake file holds one article of body paragraphs: a paragraph's number in it is its position + 1.
    return { file: p.article.file, paragraph: p.index, score, text: p.text, articleParagraphs: { first: p.index + 1, last: p.index + 1 }, paragraphRef: ref, citation: citationOf(p.article) };
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    this.askCalls.push({ question, options });
    const q = question.trim();
    if (!q) throw new UserError('query.empty', 'The question is empty. Ask something, e.g. 毛伟明在全省市州长视频会上强调了什么？');
    if ([...q].length > 500) throw new UserError('query.too_long', `The question is ${[...q].length} characters long; keep it under 500.`, { length: [...q].length, max: 500 });
    if (this.askGate) await this.askGate.promise;
    if (q.includes(EXPLODING_QUESTION)) throw new Error('vector store exploded (simulated bug)');
    const hits = await this.search(q, options);
    const wanted = bigrams(q);
    const passages: AnswerPassage[] = hits.map((h) => {
      const ranges = sentences(h.text).filter(([s, e]) => overlap(wanted, h.text.slice(s, e)) >= 2);
      return { ...h, ranges, sentences: ranges.map(([s, e]) => h.text.slice(s, e)) };
    });
    return { question: q, answered: passages.some((p) => p.ranges.length > 0), mode: 'lexical', passages, questionScript: 'simplified', warnings: [] };
  }

  async search(query: string, options: SearchOptions = {}): Promise<Hit[]> {
    const wanted = bigrams(query);
    return this.paragraphs()
      .map((p) => ({ p, score: overlap(wanted, p.text) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.p.id - b.p.id)
      .slice(0, options.top ?? 3)
      .map(({ p, score }) => this.hit(p, score));
  }

  date(expr: string, options: { top?: number } = {}): DateResult {
    const m = /^(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?$/.exec(expr.trim()) ?? /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(expr.trim());
    if (!m || (!m[1] && !m[2])) {
      throw new UserError('date.unparseable', `I cannot read "${expr}" as a date. Try 2024-02-19, 2024年2月, 6月14日 or 2023.`, {
        expr,
        examples: ['2024-02-19', '2024年2月', '6月14日', '2023'],
      });
    }
    const [year, month, day] = [m[1], m[2], m[3]].map((x) => (x ? Number(x) : null));
    const description = `${year ? `${year}年` : ''}${month ? `${month}月` : ''}${day ? `${day}日` : ''}`;
    const hits = ARTICLES.filter(
      (a) => a.date && (!year || a.date.year === year) && (!month || a.date.month === month) && (!day || a.date.day === day),
    ).flatMap((a) =>
      a.paragraphs.map((text, paragraph) => ({
        file: a.file,
        paragraph,
        date: a.dateText,
        via: 'published' as const,
        yearUnknown: a.date?.year === null,
        start: a.date ?? undefined,
        end: a.date ?? undefined,
        text,
        articleParagraphs: { first: paragraph + 1, last: paragraph + 1 },
        citation: citationOf(a),
      })),
    );
    const start = { year: year ?? null, month: month ?? null, day: day ?? null };
    return { query: expr, description, start, end: start, hits: hits.slice(0, options.top ?? hits.length) };
  }

  person(name: string, options: { top?: number } = {}): PersonResult {
    const typed = name.trim();
    const found = PEOPLE.find((p) => p.id === typed || p.variants.includes(typed));
    if (!found) throw new UserError('person.unknown', `No one called "${typed}" appears in the corpus.`, { name: typed });
    const hits = this.paragraphs()
      .filter((p) => found.variants.some((v) => p.text.includes(v)))
      .map((p) => ({
        file: p.article.file,
        paragraph: p.index,
        date: p.article.dateText,
        text: p.text,
        articleParagraphs: { first: p.index + 1, last: p.index + 1 },
        citation: citationOf(p.article),
        roles: found.roles.slice(0, 2),
      }));
    return { name: found.id, variants: found.variants, roles: found.roles, hits: hits.slice(0, options.top ?? hits.length), total: hits.length };
  }

  people(prefix: string, limit = 25): PersonSummary[] {
    const key = prefix.trim();
    return PEOPLE.filter((p) => !key || p.variants.some((v) => v.startsWith(key) || v.includes(key))).slice(0, limit);
  }

  sources(): SourceSummary[] {
    const real = ARTICLES.map((a) => ({ file: a.file, title: a.title, dateText: a.dateText, date: a.date, source: a.source, paragraphs: a.paragraphs.length }));
    const extra = Array.from({ length: this.extraSources }, (_, i) => ({
      file: `archive/${String(i).padStart(4, '0')}_湖南日报要闻汇编.txt`,
      title: `湖南日报要闻汇编（第${i + 1}期）：全省经济运行稳中向好`,
      dateText: '2023年12月1日',
      source: '湖南日报',
      paragraphs: 12,
    }));
    return [...real, ...extra];
  }

  stats(): IndexStats {
    return {
      documents: ARTICLES.length,
      articles: ARTICLES.length,
      paragraphs: ARTICLES.reduce((n, a) => n + a.paragraphs.length, 0),
      model: null,
      dtype: null,
      dimensions: null,
      mode: 'lexical',
      builtAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
      buildMs: 1234,
      indexDir: '/tmp/fake-index',
    };
  }

  article(file: string, paragraph: number): ArticleView {
    const a = ARTICLES.find((x) => x.file === file);
    if (!a || paragraph < 0 || paragraph >= a.paragraphs.length) {
      throw new UserError('article.unknown', `No paragraph ${paragraph} in ${file}; the index may have changed. Ask again.`, { file, paragraph });
    }
    return { citation: citationOf(a), title: a.title, paragraphs: a.paragraphs.map((text, i) => ({ paragraph: i, text, number: i + 1 })) };
  }

  reindex(options: ReindexOptions = {}): Promise<ReindexResult> {
    if (this.running) throw new UserError('reindex.busy', 'A re-index is already running; wait for it to finish.');
    this.running = true;
    this.reindexCalls.push(options);
    const run = this.runReindex(options);
    const clear = (): void => {
      this.running = false;
    };
    run.then(clear, clear);
    return run;
  }

  private async runReindex(options: ReindexOptions): Promise<ReindexResult> {
    const emit = (e: IndexProgressEvent): void => options.onProgress?.(e);
    const started = Date.now();
    const files = ARTICLES.length;
    emit({ phase: 'scan', files });
    ARTICLES.forEach((a, i) => emit({ phase: 'parse', done: i + 1, total: files, file: a.file }));
    emit({ phase: 'embed', done: 0, total: 40, reused: 0 });
    if (this.reindexGate) {
      const aborted = new Promise<never>((_, reject) => {
        const abort = (): void => reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
        if (options.signal?.aborted) abort();
        options.signal?.addEventListener('abort', abort, { once: true });
      });
      await Promise.race([this.reindexGate.promise, aborted]);
    }
    for (let done = 10; done <= 40; done += 10) emit({ phase: 'embed', done, total: 40, reused: 5 });
    if (this.reindexFailure) {
      const failure = this.reindexFailure;
      this.reindexFailure = null;
      throw failure;
    }
    emit({ phase: 'write' });
    this.generation++;
    const ms = Date.now() - started;
    emit({ phase: 'done', documents: files, paragraphs: 14, embedded: 35, reused: 5, ms });
    return { documents: files, paragraphs: 14, embedded: 35, reused: 5, removedFiles: [], warnings: [], ms };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
