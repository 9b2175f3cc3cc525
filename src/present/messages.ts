/**
 * Every word the bot and the terminal say, in 简体中文, 繁體中文 and English.
 * 繁體 is made from 简体 by the script module (the templates' `{name}`
 * placeholders are ASCII and stay as they are), with an override where
 * Taiwan uses another word; so both Chinese catalogues always hold the same
 * messages and each is in one script. English plurals are `{ one, other }`
 * chosen by the `n` parameter.
 */
import { toTraditional } from '../corpus/script.js';
import type { Lang } from './voice.js';

type Template = string | { one: string; other: string };

const EN = {
  // Answers
  'page.counter': 'Page {page} of {pages}',
  'ask.passages': { one: '{n} passage', other: '{n} passages' },
  'ask.marked': 'sentences in **bold** answer the question',
  'ask.unanswered': 'No passage in the corpus answers this. These passages are only related:',
  'ask.unanswered_language': 'Keyword search matches the articles\' own Chinese words: ask in Chinese (简体 or 繁體). Questions in other languages need the embedding model.',
  'ask.nothing': 'Nothing in the corpus matches this. Try other words, or look up a date (`/date`) or a person (`/person`).',
  'ask.converted': 'shown in {script}',
  'ask.credit_marked': 'names in **bold** are the credit asked for',
  'ask.credit_uncredited_text': 'The report gives no by-line: it names no reporter or author. The report found:',
  'ask.credit_uncredited_photo': 'The report credits no photographer. The report found:',
  'ask.credit_uncredited_editor': 'The report names no editor. The report found:',
  'ask.credit_unmatched': 'The report has several photos and no caption describes the one asked about, so whose photo is meant is not known. Its captions and credits:',
  'ask.credit_no_subject': 'The question does not say which report; the corpus holds many.',
  'ask.credit_hint_text': 'Name the report, e.g. 毛伟明主持省政府党组会议的报道是谁写的',
  'ask.credit_hint_photo': 'Name the photo or its report, e.g. 毛伟明在湖南现代石化中试基地调研的照片是谁拍的',
  'button.previous': '◀ Previous',
  'button.next': 'Next ▶',
  'button.article': '📄 Full article: {title}',
  // Citations
  'cite.paragraph': 'para. {n}',
  'cite.paragraphs': 'paras. {list}',
  'cite.caption': 'photo caption',
  'cite.byline': 'by-line',
  'cite.outlet_unknown': 'outlet unknown',
  'cite.outlet_inferred': ' (from a photo credit)',
  'cite.reporters': 'by {names}',
  'cite.untitled': 'untitled: “{words}”',
  'cite.no_title': 'untitled',
  'date.unknown': 'date unknown',
  'date.year_unknown': '(year unknown)',
  'date.any_year': '(any year)',
  'date.inferred': '(inferred from the lead)',
  'date.year_unknown_inferred': '(year unknown; inferred from the lead)',
  'list.separator': ', ',
  'list.clause': ', ',
  'script.simplified': 'simplified Chinese',
  'script.traditional': 'traditional Chinese',
  // /date
  'date.count': { one: '1 passage published on or mentioning this date', other: '{n} passages published on or mentioning this date' },
  'date.none': 'The corpus says nothing about this date.',
  'date.published': 'published that day',
  'date.mentioned': 'mentioned in the text',
  // /person
  'person.also': 'Also written: {names}',
  'person.roles': 'Roles: {roles}',
  'person.no_roles': 'Roles: none given in the corpus',
  'person.count': { one: '1 passage', other: '{n} passages' },
  'person.count_shown': 'the first {shown} of {n} passages',
  'person.order.newest': 'newest first',
  'person.order.year_unknown_after': 'newest first, then those of unknown year by month and day',
  'person.order.month_day': 'year unknown, latest month and day first',
  'person.order.undated_last': 'undated last',
  'person.none': 'No passage mentions this person.',
  'person.mentions': { one: '1 mention', other: '{n} mentions' },
  // Full article
  'article.page': 'page {page}/{pages}',
  'article.empty': '(This article has no text.)',
  'article.quoted': 'quoted',
  // /sources
  'sources.title': '📚 Sources: {documents}, {articles}',
  'sources.documents': { one: '1 document', other: '{n} documents' },
  'sources.articles': { one: '1 article', other: '{n} articles' },
  'sources.more': '… and {n} more',
  'sources.empty': 'The corpus is empty.',
  'count.paragraphs': { one: '1 paragraph', other: '{n} paragraphs' },
  // /stats
  'stats.title': '📊 Index and bot',
  'stats.documents': 'Documents',
  'stats.articles': 'Articles',
  'stats.paragraphs': 'Paragraphs',
  'stats.model': 'Model',
  'stats.no_model': 'none: keyword search only',
  'stats.update_failed': '⚠️ Serving the previous index: the last update failed',
  'cli.update_failed': 'serving the previous index: {reason}',
  'stats.model_dims': '{dims} dimensions',
  'stats.mode': 'Search',
  'stats.mode.lexical': 'keyword',
  'stats.mode.dense': 'semantic (vectors)',
  'stats.mode.hybrid': 'keyword + semantic',
  'stats.age': 'Index built',
  'stats.build_time': 'Build time',
  'stats.uptime': 'Bot uptime',
  'stats.reindex': 'Re-index',
  'stats.reindex_running': 'running since {when}',
  'stats.reindex_busy': 'running',
  'stats.reindex_idle': 'idle',
  'stats.rate': 'Rate limit',
  'stats.rate_value': '{count} questions per {window} per member',
  'stats.model_unavailable': '{model}, not loaded: keyword search only',
  'stats.unknown': 'unknown',
  // Durations
  'duration.s': '{n} s',
  'duration.under_s': 'under 1 s',
  'duration.min': '{n} min',
  'duration.h': '{n} h',
  'duration.d': '{n} d',
  // Help
  'help.title': '❓ Hunan news Q&A',
  'help.body': [
    'I answer questions about the Hunan provincial news in my corpus by **quoting the passages** that answer them, with where and when each was published. The sentences that answer are in bold; when nothing answers, I say so.',
    '',
    '**/ask** `question` — ask anything, e.g. 毛伟明在省政府党组会议上强调了什么？ Options: passages per page, script of the reply.',
    '**/date** `when` — what the corpus says about a date: {dates}.',
    '**/person** `name` — roles of a person and the passages that mention them (either script).',
    '**/sources** — the articles I know · **/stats** — index size, model, age · **/help** — this message.',
    '**/reindex** — rebuild the index (server managers only).',
    '',
    'You can also mention me with a question, or send me a direct message. The buttons under an answer turn pages and open the full article (only you see it).',
  ].join('\n'),
  'help.hint': 'Ask me about the Hunan news in my corpus, e.g. {mention} 毛伟明在全省市州长视频会上强调了什么？ · `/help` lists what I can do.',
  // Errors a user can act on (ids from the registry)
  'error.query.empty': 'The question is empty. Ask something, e.g. 毛伟明在全省市州长视频会上强调了什么？',
  'error.query.too_long': 'The question is {length} characters long; keep it under {max}.',
  'error.date.unparseable': 'I cannot read “{expr}” as a date. Write it like one of these: {examples}.',
  'error.person.empty': 'Give a name, e.g. 毛伟明.',
  'error.person.unknown': 'No one called “{name}” appears in the corpus.',
  'error.person.suggest': 'People with that surname: {names}.',
  'error.article.unknown': 'That article is no longer in the index (it was re-indexed). Ask again.',
  'error.rate.limited': 'You can ask {count} questions every {window}. You can ask again {when}.',
  'error.page.expired': 'These results have expired. Ask again to get fresh ones.',
  'error.button.unknown': 'This button belongs to an older version of the bot. Ask again.',
  'error.command.unknown': 'I do not have this command any more. Try /help.',
  'error.reindex.busy': 'A re-index is already running (asked by {who} {when}). Its message shows the progress; try again when it is done.',
  'error.reindex.busy_outside': 'A re-index is already running. Try again when it is done.',
  'error.reindex.forbidden': 'Only members with the Manage Server permission can re-index the corpus.',
  'error.reindex.not_listed': 'Re-indexing is limited to the admins this bot was configured with.',
  'error.reindex.guild_only': 'Run /reindex in a server where you have the Manage Server permission.',
  'error.bot.busy': 'I am answering a lot of questions right now. Please try again in a minute.',
  'error.bot.stopping': 'I am restarting. Please ask again in a minute.',
  'error.internal': 'Something went wrong on my side; it has been logged. Please try again in a moment.',
  'error.internal_ref': 'reference {ref}',
  // Re-index progress
  'reindex.running': '🔄 **Re-indexing** ({mode}), asked by {who} {when}',
  'reindex.mode.full': 'full',
  'reindex.mode.incremental': 'incremental',
  'reindex.phase.scan': 'Scanning the corpus',
  'reindex.phase.parse': 'Reading articles',
  'reindex.phase.embed': 'Embedding paragraphs',
  'reindex.phase.write': 'Writing the new index',
  'reindex.step': '{phase}: {done} / {total}',
  'reindex.reused': '{n} reused',
  'reindex.left': 'about {time} left',
  'reindex.estimating': 'estimating the time left…',
  'reindex.files': { one: '1 file', other: '{n} files' },
  'reindex.warnings': { one: '1 warning', other: '{n} warnings' },
  'reindex.still_serving': 'questions are still answered from the current index',
  'reindex.done': '✅ **Re-index done** in {time} ({mode}, asked by {who})',
  'reindex.summary': '{documents} · {paragraphs}',
  'reindex.embedded': '{embedded} paragraphs embedded, {reused} reused',
  'reindex.keyword_only': 'keyword index only: no embedding model, so no paragraph was embedded',
  'reindex.removed': 'Removed: {files}',
  'reindex.more': '… and {n} more (see the log)',
  'reindex.now_serving': '-# The new index is now answering questions.',
  'reindex.failed': '❌ **Re-index failed** after {time} ({mode}, asked by {who})',
  'reindex.keeps_serving': '-# The previous index keeps answering questions.',
  'reindex.abandoned': '⏹️ **Re-index abandoned**: the bot is shutting down ({mode}, asked by {who})',
  'reindex.outside': '⏳ Another re-index (started outside the bot) is already running; try again when it is done.',
  // Terminal
  'cli.help': [
    'Ask a question in Chinese (简体 or 繁體; English only with the semantic model), or use:',
    '  /date EXPR      passages of a date or range (2024-02-19, 2月19日, 十月二十七日, 2024年2月)',
    '  /person NAME    roles and passages of a person (毛伟明, 沈曉明)',
    '  /sources        the articles in the index',
    '  /stats          index figures',
    '  /reindex        re-read the corpus folder (incremental)',
    '  /help, /quit',
  ].join('\n'),
  'cli.unknown_command': 'Unknown command {cmd}.',
  'cli.welcome': 'Hunan news Q&A: {documents}, {paragraphs}, {mode} search. /help for commands, /quit to leave.',
  'cli.reindexed': 'Re-indexed in {time}: {documents} · {paragraphs} ({embedded} embedded, {reused} reused).',
  'cli.stats': '{documents} · {articles} · {paragraphs}; model: {model}; search: {mode}; built {built}',
  'cli.heading': '{head}: {text}',
  // Slash commands (descriptions at most 100 characters; names stay ASCII)
  'cmd.ask': 'Ask a question: I quote the news passages that answer it',
  'cmd.ask.question': 'Your question, e.g. 毛伟明在市州长视频会上强调了什么？',
  'cmd.ask.passages': 'Passages per page (1–10)',
  'cmd.ask.script': 'Script of the reply',
  'choice.script.auto': 'My Discord language (or my question’s script)',
  'choice.script.original': 'As written in each article',
  'choice.script.simplified': '简体 Simplified',
  'choice.script.traditional': '繁體 Traditional',
  'cmd.date': 'What the corpus says about a day, month, year or range of dates',
  'cmd.date.when': 'Day, month, year or range, e.g. {forms}',
  'cmd.person': 'Roles of a person and the passages that mention them',
  'cmd.person.name': 'Name in either script, e.g. 毛伟明 / 毛偉明',
  'cmd.sources': 'The articles in the corpus: title, date and outlet',
  'cmd.stats': 'Index size, model, index age and bot uptime',
  'cmd.help': 'How to use this bot',
  'cmd.reindex': 'Rebuild the search index from the corpus (server managers)',
  'cmd.reindex.mode': 'Incremental reuses unchanged paragraphs; full re-embeds everything',
  'choice.mode.incremental': 'Incremental (faster)',
  'choice.mode.full': 'Full',
  'option.question': 'question',
  'option.passages': 'passages',
  'option.script': 'script',
  'option.when': 'when',
  'option.name': 'name',
  'option.mode': 'mode',
} satisfies Record<string, Template>;

export type MessageKey = keyof typeof EN;

/** Every message the catalogue words. */
export const MESSAGE_KEYS = Object.keys(EN) as MessageKey[];

const ZH_HANS: Record<MessageKey, Template> = {
  'page.counter': '第 {page}/{pages} 页',
  'ask.passages': '共 {n} 段',
  'ask.marked': '**加粗**的句子回答了问题',
  'ask.unanswered': '语料中没有段落回答这个问题。以下段落只是相关内容：',
  'ask.unanswered_language': '关键词检索只匹配文章的中文原文：请用中文提问（简体或繁体均可）。用其他语言提问需要加载嵌入模型。',
  'ask.nothing': '语料中没有与此相关的内容。换个说法试试，或按日期（`/date`）、人物（`/person`）查找。',
  'ask.converted': '已转为{script}显示',
  'ask.credit_marked': '**加粗**的是所问的署名',
  'ask.credit_uncredited_text': '该报道未署名记者或作者。找到的报道：',
  'ask.credit_uncredited_photo': '该报道未注明摄影。找到的报道：',
  'ask.credit_uncredited_editor': '该报道未注明编辑。找到的报道：',
  'ask.credit_unmatched': '该报道有多张照片，没有一张的图片说明与问题相符，无法确定是哪张照片。该报道的图片说明及摄影：',
  'ask.credit_no_subject': '问题没有说明是哪篇报道，语料中有多篇报道。',
  'ask.credit_hint_text': '请说明是哪篇报道，如：毛伟明主持省政府党组会议的报道是谁写的',
  'ask.credit_hint_photo': '请说明是哪张照片或哪篇报道，如：毛伟明在湖南现代石化中试基地调研的照片是谁拍的',
  'button.previous': '◀ 上一页',
  'button.next': '下一页 ▶',
  'button.article': '📄 全文：{title}',
  'cite.paragraph': '第{n}段',
  'cite.paragraphs': '第{list}段',
  'cite.caption': '图片说明',
  'cite.byline': '署名',
  'cite.outlet_unknown': '来源不详',
  'cite.outlet_inferred': '（据图片署名）',
  'cite.reporters': '作者 {names}',
  'cite.untitled': '“{words}”（原文无标题）',
  'cite.no_title': '无标题',
  'date.unknown': '日期不详',
  'date.year_unknown': '（年份不详）',
  'date.any_year': '（不限年份）',
  'date.inferred': '（据导语推断）',
  'date.year_unknown_inferred': '（年份不详，据导语推断）',
  'list.separator': '、',
  'list.clause': '，',
  'script.simplified': '简体',
  'script.traditional': '繁体',
  'date.count': '共 {n} 段，发布于或提到这个日期',
  'date.none': '语料中没有关于这个日期的内容。',
  'date.published': '当天发布',
  'date.mentioned': '文中提到',
  'person.also': '又写作：{names}',
  'person.roles': '职务：{roles}',
  'person.no_roles': '职务：语料中未提及',
  'person.count': '{n} 段',
  'person.count_shown': '共 {n} 段，显示前 {shown} 段',
  'person.order.newest': '由新到旧',
  'person.order.year_unknown_after': '由新到旧，年份不详的按月日排在后面',
  'person.order.month_day': '年份不详，按月日由后到前',
  'person.order.undated_last': '日期不详的排在最后',
  'person.none': '没有段落提到此人。',
  'person.mentions': '提到 {n} 次',
  'article.page': '第 {page}/{pages} 页',
  'article.empty': '（这篇文章没有正文。）',
  'article.quoted': '引用段',
  'sources.title': '📚 语料：{documents}，{articles}',
  'sources.documents': '{n} 个文件',
  'sources.articles': '{n} 篇文章',
  'sources.more': '……另有 {n} 篇',
  'sources.empty': '语料为空。',
  'count.paragraphs': '{n} 段',
  'stats.title': '📊 索引与机器人',
  'stats.documents': '文件',
  'stats.articles': '文章',
  'stats.paragraphs': '段落',
  'stats.model': '模型',
  'stats.no_model': '无：仅关键词检索',
  'stats.update_failed': '⚠️ 上次更新失败，仍在使用之前的索引',
  'cli.update_failed': '仍在使用之前的索引：{reason}',
  'stats.model_dims': '{dims} 维',
  'stats.mode': '检索方式',
  'stats.mode.lexical': '关键词',
  'stats.mode.dense': '语义（向量）',
  'stats.mode.hybrid': '关键词 + 语义',
  'stats.age': '索引建立于',
  'stats.build_time': '建立用时',
  'stats.uptime': '机器人运行时间',
  'stats.reindex': '重建索引',
  'stats.reindex_running': '进行中，始于 {when}',
  'stats.reindex_busy': '进行中',
  'stats.reindex_idle': '空闲',
  'stats.rate': '提问频率限制',
  'stats.rate_value': '每人每 {window}最多 {count} 个问题',
  'stats.model_unavailable': '{model}（未加载：仅关键词检索）',
  'stats.unknown': '不详',
  'duration.s': '{n} 秒',
  'duration.under_s': '不到 1 秒',
  'duration.min': '{n} 分钟',
  'duration.h': '{n} 小时',
  'duration.d': '{n} 天',
  'help.title': '❓ 湘闻问答',
  'help.body': [
    '我回答关于语料中湖南省新闻的问题：**引用回答问题的原文段落**，并注明每段的出处和日期。回答问题的句子加粗；没有段落回答时，我会直接说明。',
    '',
    '**/ask** `问题` — 提问，例如：毛伟明在省政府党组会议上强调了什么？ 选项：每页段数、回复的字体（简体/繁体）。',
    '**/date** `日期` — 语料中关于某个日期的内容：{dates}。',
    '**/person** `人名` — 某人的职务及提到此人的段落（简体、繁体均可）。',
    '**/sources** — 收录的文章 · **/stats** — 索引规模、模型、建立时间 · **/help** — 本说明。',
    '**/reindex** — 重建索引（仅限服务器管理员）。',
    '',
    '也可以 @我 提问，或给我发私信。答案下方的按钮可翻页、查看全文（仅你可见）。',
  ].join('\n'),
  'help.hint': '问我语料中的湖南新闻吧，例如：{mention} 毛伟明在全省市州长视频会上强调了什么？ · 用 `/help` 查看全部用法。',
  'error.query.empty': '问题是空的。请提问，例如：毛伟明在全省市州长视频会上强调了什么？',
  'error.query.too_long': '问题有 {length} 个字，请控制在 {max} 字以内。',
  'error.date.unparseable': '无法把“{expr}”读成日期。请按以下格式之一书写：{examples}。',
  'error.person.empty': '请输入人名，例如：毛伟明。',
  'error.person.unknown': '语料中没有名叫“{name}”的人。',
  'error.person.suggest': '同姓的人：{names}。',
  'error.article.unknown': '这篇文章已不在索引中（索引已重建）。请重新提问。',
  'error.rate.limited': '每人每 {window}最多提问 {count} 次。{when}可以再问。',
  'error.page.expired': '这些结果已过期。请重新提问。',
  'error.button.unknown': '这个按钮来自旧版本的机器人。请重新提问。',
  'error.command.unknown': '已没有这个命令。请试试 /help。',
  'error.reindex.busy': '已有一次索引重建在进行（由 {who} 于 {when} 发起）。进度见那条消息，完成后再试。',
  'error.reindex.busy_outside': '已有一次索引重建在进行。完成后再试。',
  'error.reindex.forbidden': '只有拥有“管理服务器”权限的成员才能重建索引。',
  'error.reindex.not_listed': '重建索引仅限本机器人设定的管理员。',
  'error.reindex.guild_only': '请在你拥有“管理服务器”权限的服务器中使用 /reindex。',
  'error.bot.busy': '现在问题太多了，请一分钟后再试。',
  'error.bot.stopping': '我正在重启，请一分钟后再问。',
  'error.internal': '我这边出了问题，已记录下来。请稍后再试。',
  'error.internal_ref': '参考编号 {ref}',
  'reindex.running': '🔄 **正在重建索引**（{mode}），由 {who} 于 {when} 发起',
  'reindex.mode.full': '全量',
  'reindex.mode.incremental': '增量',
  'reindex.phase.scan': '扫描语料',
  'reindex.phase.parse': '读取文章',
  'reindex.phase.embed': '计算段落向量',
  'reindex.phase.write': '写入新索引',
  'reindex.step': '{phase}：{done} / {total}',
  'reindex.reused': '复用 {n} 段',
  'reindex.left': '约剩 {time}',
  'reindex.estimating': '正在估算剩余时间……',
  'reindex.files': '{n} 个文件',
  'reindex.warnings': '{n} 条警告',
  'reindex.still_serving': '重建期间仍由当前索引回答问题',
  'reindex.done': '✅ **索引重建完成**，用时 {time}（{mode}，由 {who} 发起）',
  'reindex.summary': '{documents} · {paragraphs}',
  'reindex.embedded': '新计算 {embedded} 段向量，复用 {reused} 段',
  'reindex.keyword_only': '仅关键词索引：没有向量模型，未计算段落向量',
  'reindex.removed': '已移除：{files}',
  'reindex.more': '……另有 {n} 条（见日志）',
  'reindex.now_serving': '-# 新索引已开始回答问题。',
  'reindex.failed': '❌ **索引重建失败**，用时 {time}（{mode}，由 {who} 发起）',
  'reindex.keeps_serving': '-# 原来的索引继续回答问题。',
  'reindex.abandoned': '⏹️ **索引重建已放弃**：机器人正在关闭（{mode}，由 {who} 发起）',
  'reindex.outside': '⏳ 另一次索引重建（在机器人之外启动）正在进行，完成后再试。',
  'cli.help': [
    '用简体或繁体提问（英文提问需要语义模型），或使用：',
    '  /date 日期       某个日期或日期范围的段落（2024-02-19、2月19日、十月二十七日、2024年2月）',
    '  /person 人名     某人的职务和相关段落（毛伟明、沈晓明）',
    '  /sources         索引中的文章',
    '  /stats           索引数据',
    '  /reindex         重新读取语料文件夹（增量）',
    '  /help、/quit',
  ].join('\n'),
  'cli.unknown_command': '没有 {cmd} 这个命令。',
  'cli.welcome': '湘闻问答：{documents}，{paragraphs}，{mode}检索。输入 /help 查看命令，/quit 退出。',
  'cli.reindexed': '索引已重建，用时 {time}：{documents} · {paragraphs}（新计算 {embedded} 段，复用 {reused} 段）。',
  'cli.stats': '{documents} · {articles} · {paragraphs}；模型：{model}；检索：{mode}；建立于 {built}',
  'cli.heading': '{head}：{text}',
  'cmd.ask': '提问：我引用回答问题的新闻原文',
  'cmd.ask.question': '你的问题，例如：毛伟明在市州长视频会上强调了什么？',
  'cmd.ask.passages': '每页段数（1–10）',
  'cmd.ask.script': '回复的字体',
  'choice.script.auto': '跟随我的 Discord 语言（或问题的字体）',
  'choice.script.original': '按原文字体',
  'choice.script.simplified': '简体',
  'choice.script.traditional': '繁体',
  'cmd.date': '语料中关于某天、某月、某年或某段日期的内容',
  'cmd.date.when': '日、月、年或范围，例如：{forms}',
  'cmd.person': '某人的职务及提到此人的段落',
  'cmd.person.name': '人名，简体繁体均可，例如：毛伟明',
  'cmd.sources': '语料中的文章：标题、日期、来源',
  'cmd.stats': '索引规模、模型、索引建立时间和机器人运行时间',
  'cmd.help': '使用说明',
  'cmd.reindex': '根据语料重建检索索引（服务器管理员）',
  'cmd.reindex.mode': '增量：复用未改动的段落；全量：全部重新计算',
  'choice.mode.incremental': '增量（较快）',
  'choice.mode.full': '全量',
  'option.question': '问题',
  'option.passages': '段数',
  'option.script': '字体',
  'option.when': '日期',
  'option.name': '人名',
  'option.mode': '方式',
};

/** Where Taiwan writes another word than the character conversion gives. */
const ZH_HANT_OVERRIDES: Partial<Record<MessageKey, Template>> = {
  'script.traditional': '繁體',
  'script.simplified': '簡體',
  'choice.script.traditional': '繁體',
  'choice.script.simplified': '簡體',
  'stats.mode.dense': '語意（向量）',
  'stats.mode.hybrid': '關鍵詞 + 語意',
};

function traditionalCatalogue(): Record<MessageKey, Template> {
  const convert = (t: Template): Template => (typeof t === 'string' ? toTraditional(t) : { one: toTraditional(t.one), other: toTraditional(t.other) });
  const out = {} as Record<MessageKey, Template>;
  for (const key of Object.keys(ZH_HANS) as MessageKey[]) out[key] = ZH_HANT_OVERRIDES[key] ?? convert(ZH_HANS[key]);
  return out;
}

let zhHant: Record<MessageKey, Template> | null = null;

function catalogue(lang: Lang): Record<MessageKey, Template> {
  if (lang === 'en') return EN;
  if (lang === 'zh-Hans') return ZH_HANS;
  return (zhHant ??= traditionalCatalogue());
}

/** Chinese names and roles are listed with 、 whatever the reply's language. */
export const CHINESE_LIST = '、';

export type Params = Record<string, string | number>;

/** A message in the reply's language, with `{name}` filled from params. */
export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  const template = catalogue(lang)[key];
  const text = typeof template === 'string' ? template : Number(params.n) === 1 ? template.one : template.other;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v) : v;
  });
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

/** `3 min 5 s`, `3 分钟 5 秒`: two units at most, never empty. */
export function formatDuration(ms: number, lang: Lang): string {
  const unit = (key: 'duration.s' | 'duration.min' | 'duration.h' | 'duration.d', n: number): string => t(lang, key, { n });
  const s = Math.max(0, Math.round(ms / 1000));
  if (s === 0) return t(lang, 'duration.under_s');
  if (s < 60) return unit('duration.s', s);
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${unit('duration.min', m)} ${unit('duration.s', s % 60)}` : unit('duration.min', m);
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${unit('duration.h', h)} ${unit('duration.min', m % 60)}` : unit('duration.h', h);
  const d = Math.floor(h / 24);
  return h % 24 ? `${unit('duration.d', d)} ${unit('duration.h', h % 24)}` : unit('duration.d', d);
}

/** Discord's `*_localizations` for a command or option text: 简体 for zh-CN, 繁體 for zh-TW. */
export function localizations(key: MessageKey): { 'zh-CN': string; 'zh-TW': string } {
  return { 'zh-CN': t('zh-Hans', key), 'zh-TW': t('zh-Hant', key) };
}
