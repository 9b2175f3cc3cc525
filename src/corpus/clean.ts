/**
 * Cleaning what the scrape broke, never rewording:
 * - markup: HTML tags and entities, stray tag ends (`a>`), Markdown links and emphasis;
 * - pinyin annotations after characters: `會(huì)` → `會`;
 * - mis-decoded fragments: `日?qǐng)?bào)` → `日`, `變?yōu)楹陚?shí)景` → `變宏偉景`
 *   (characters lost to the mis-decoding stay lost; see `removeGarbage`);
 * - page furniture: navigation, share widgets, footers, counters;
 * - paragraphs split by a page break: `省委副` / `书记` → `省委副书记`.
 */
import nodejieba from 'nodejieba';
import { decodeGb18030, gb18030Bytes, isCommonCjkPunctuation, isCommonHanzi } from './encoding.js';
import { toSimplified } from './script.js';

const HAN = /\p{Script=Han}/u;
const isHan = (c: string | undefined): boolean => c !== undefined && HAN.test(c);

// --- Markup -----------------------------------------------------------------

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ldquo: '“', rdquo: '”', middot: '·', hellip: '…', mdash: '—' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function stripMarkup(s: string): string {
  return (
    s
      .replace(/<[^<>\n]{0,300}>/g, '')
      // A tag cut in two by the scrape: `a>` at the start of a line, `<span` at its end.
      .replace(/^\s*\/?[a-z][a-z0-9]{0,9}\s*>/i, '')
      .replace(/<\/?[a-z][a-z0-9]{0,9}\s*$/i, '')
      // Markdown: images go (their alt text is a caption), links keep their text, emphasis marks go.
      .replace(/!\[[^\]\n]*\]\([^)\n]*\)/g, '')
      .replace(/\[([^\]\n]+)\]\([^)\n]*\)/g, '$1')
      .replace(/\*\*|__/g, '')
      .replace(/^\s{0,3}(?:>\s?)+/, '')
  );
}

// --- Pinyin annotations and mis-decoded fragments ---------------------------

const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
/** One pinyin syllable with a tone mark: `huì`, `shí`, `qǐng`. */
const PINYIN = `(?=[a-zü]*[${TONED}])[a-zü${TONED}]{1,6}`;
const ANNOTATION_AFTER_HAN = new RegExp(`(?<=\\p{Script=Han})[(（]${PINYIN}[)）]`, 'gu');

/**
 * What a mis-decoding leaves: `?` + pinyin + `)` (a lost character and the end
 * of its annotation), an annotation after a non-Han remnant (`l(fā)`), U+FFFD
 * or private-use code points (strong signs), and `?` (a weak sign: it is also
 * a question mark).
 */
const GARBAGE_TOKEN = new RegExp(`\\?${PINYIN}\\)|[A-Za-z]?[(（]${PINYIN}[)）]|[\\ufffd\\ue000-\\uf8ff]|\\?[!！]?`, 'gu');
/** Inside a garbage run, what carries no bytes of the lost text. */
const NOT_BYTES = new RegExp(`\\?${PINYIN}\\)|[(（]${PINYIN}[)）]|[?？!！\\ufffd]`, 'gu');
/** Characters between two garbage tokens that belong to the garbage (`楹陚` in `?yōu)楹陚?shí)`). */
const WEDGE = /^[\p{Script=Han}\ue000-\uf8ff]{0,4}$/u;
const QUESTION_WORD = /[吗嗎呢么麼吧]$|如何|什么|什麼|怎|为何|為何|哪|谁|誰|是否|多少|几|幾|难道|難道|何/u;

/**
 * Text mis-decoded as GB18030 one byte off: the characters between garbage
 * tokens are the bytes of real characters read from the wrong byte
 * (`楹陚` + U+E691 = E9 BA EA 82 A5 8C; from the second byte, BA EA 82 A5 = 宏偉).
 * Read again one byte on; kept only if every character is a common one,
 * otherwise the run is dropped. Nothing is guessed: the bytes are there.
 */
function reread(run: string): string {
  const bytes = gb18030Bytes(run);
  if (!bytes || bytes.length < 3) return '';
  for (const shifted of [bytes.subarray(1), bytes.subarray(1, bytes.length - 1)]) {
    const text = decodeGb18030(shifted);
    if (text && [...text].every((c) => (isHan(c) && isCommonHanzi(c)) || isCommonCjkPunctuation(c))) return text;
  }
  return '';
}

/** A clause is short; looking further back would make long lines slow. */
const MAX_CLAUSE = 100;

/** A `?` that is a question mark: after a question particle, or ending a clause with a question word. */
function isQuestionMark(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - MAX_CLAUSE), at);
  const clause = before.split(/[。！？!?，,；;]/u).pop() ?? '';
  return QUESTION_WORD.test(clause);
}

/** A lone `?` between two Han characters, outside a question: a character the decoding lost (`深水?區`). */
function isLostCharacter(text: string, from: number, to: number): boolean {
  return text.slice(from, to) === '?' && isHan(text[from - 1]) && isHan(text[to]) && !isQuestionMark(text, from);
}

/**
 * Drops mis-decoded fragments and keeps the sentence. A run of garbage tokens
 * (with up to four characters wedged between them) is replaced by what can be
 * re-read from its bytes (`reread`); a lone `?` between two Han characters is
 * a lost character unless the clause is a question.
 */
export function removeGarbage(text: string): string {
  const tokens = [...text.matchAll(GARBAGE_TOKEN)].map((m) => ({
    from: m.index,
    to: m.index + m[0].length,
    strong: !/^\?[!！]?$/.test(m[0]),
  }));
  if (tokens.length === 0) return text;

  const runs: { from: number; to: number; strong: boolean }[] = [];
  for (const t of tokens) {
    const last = runs[runs.length - 1];
    if (last && (last.strong || t.strong) && WEDGE.test(text.slice(last.to, t.from))) {
      last.to = t.to;
      last.strong = true;
    } else runs.push({ ...t });
  }

  let out = '';
  let at = 0;
  for (const r of runs) {
    out += text.slice(at, r.from);
    at = r.to;
    if (r.strong) out += text.slice(r.from, r.to).split(NOT_BYTES).map(reread).join('');
    else if (!isLostCharacter(text, r.from, r.to)) out += text.slice(r.from, r.to);
  }
  return out + text.slice(at);
}

/** Removes pinyin annotations after characters (`會(huì)` → `會`). */
function removePinyinAnnotations(text: string): string {
  return text.replace(ANNOTATION_AFTER_HAN, '');
}

/** Whitespace as one ASCII space; none at the ends (full-width indentation included). */
function normalizeSpaces(s: string): string {
  return s.replace(/[\s\u00a0\u3000\u200b\ufeff]+/gu, ' ').trim();
}

/** One line, cleaned: markup, annotations, mis-decoded fragments, spaces. */
export function cleanLine(line: string): string {
  return normalizeSpaces(removeGarbage(removePinyinAnnotations(stripMarkup(decodeEntities(line)))));
}

/** A paragraph indented the way many pages indent body text (full-width spaces). */
export function isIndented(rawLine: string): boolean {
  return /^(?:[\u3000\u00a0]|[ \t]{2,})/.test(rawLine);
}

// --- Page furniture ---------------------------------------------------------

/** Furniture is short: long lines are text even if they mention `分享` or `备案`. */
const MAX_FURNITURE_LENGTH = 80;
const NAVIGATION = /^(?:首页|首頁|当前位置|當前位置|您的位置|你的位置|您现在的位置|您現在的位置)\s*[:：>»›]|(?:[>»›]\s*[^>»›\s][^>»›]{0,15}){2,}$/u;
/** Words that are also ordinary text (备案, 技术支持, 访客) count only in their footer form: a label with a colon, a counter. */
const SHARE =
  /分享到|分享至|打开微信|打開微信|扫一扫|掃一掃|扫码(?:看|观看|关注|阅读)|掃碼(?:看|觀看|關注|閱讀)|点击.{0,6}发现|點擊.{0,6}發現|收藏本文|打印本页|打印本頁|关闭窗口|關閉窗口|返回顶部|返回頂部|【字体|【字體|字号[:：]|字號[:：]/u;
const FOOTER =
  /ICP|备案号|備案號|公网安备|公網安備|(?:主办|主辦|承办|承辦|主管|协办|協辦)(?:单位|單位)\s*[:：]|(?:技术|技術)支持\s*[:：]|版权所有|版權所有|copyright|©|欢迎您?(?:访问|訪問|光临|光臨)|歡迎您?(?:訪問|光臨)|您是第.{0,12}位|(?:访问量|訪問量|浏览次数|瀏覽次數|阅读次数|閱讀次數|点击数|點擊數)\s*[:：]|(?:责任编辑|責任編輯|信息来源|信息來源)\s*[:：]|联系我们|聯繫我們|网站地图|網站地圖|免责声明|免責聲明/iu;
const SOURCE_LABEL = /^(?:来源|來源|稿源|出处|出處)\s*[:：]/u;
const RELATED =
  /^(?:相关|相關|延伸|推荐|推薦|更多)(?:阅读|閱讀|稿件|新闻|新聞|链接|鏈接|文章)\s*[:：]?$/u;
/** A labelled date with its year, the label opening the line or a field of it (`活动时间：` in a sentence is no stamp). */
const STAMP = /(?:^|\s)(?:发布|發布|發佈|发表|發表|更新)?(?:时间|時間|日期)\s*[:：]\s*\d{4}/u;
/** …or a line opening with a full date and a clock time or a source field: `2024-02-19 10:00 来源：新华网`. */
const DATED_LINE = /^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*(?:\d{1,2}:\d{2}|.{0,40}?(?:来源|來源|作者|编辑|編輯)\s*[:：])/u;

/** Navigation, share widgets, footers, counters, lines without any word: not part of an article. */
export function isFurniture(line: string): boolean {
  if (!/[\p{L}\p{N}]/u.test(line)) return true; // `……`, `■`
  if (line.length > MAX_FURNITURE_LENGTH) return false;
  if (!HAN.test(line) && line.length <= 40) return true; // `News center`, counters like `32878025`
  return NAVIGATION.test(line) || SHARE.test(line) || FOOTER.test(line) || SOURCE_LABEL.test(line);
}

/** A `相关阅读` marker: what follows it are links to other articles. */
export function isRelatedMarker(line: string): boolean {
  return RELATED.test(line);
}

/** A line giving the page's publish time (`發布時間: 2024-02-19 22:07`): metadata. */
export function isStampLine(line: string): boolean {
  return line.length <= 120 && (STAMP.test(line) || DATED_LINE.test(line));
}

// --- Paragraph shapes ---------------------------------------------------------

const CLAUSE_MARK = /[，,、。；;：:！？!?]/u;

/** Written as sentences, not as a heading or a label. */
function isProse(text: string): boolean {
  return CLAUSE_MARK.test(text);
}

/** A short line with no punctuation at all: a heading, a label (`时间表`), or a list item. */
export function isLabelLike(text: string): boolean {
  return [...text].length <= 16 && HAN.test(text) && !/\p{P}/u.test(text);
}

/** Ends with a lead-in to a list (`有6个突出重点——`, `如下：`). */
export function endsWithLeadIn(text: string): boolean {
  return /(?:——|[：:])$/u.test(text);
}

/** Prose that stops on a letter or digit, with no mark that could end it. */
function endsUnfinished(text: string): boolean {
  return isProse(text) && /[\p{L}\p{N}]$/u.test(text);
}

/** Characters that end a sentence on their own (`我们走了`), not the broken-off start of a word. */
const FINAL_PARTICLES = new Set('了吗呢吧啊呀嘛哦'.split(''));

/** jieba's words of a stretch of text, simplified first (its dictionary is simplified). */
function words(text: string): string[] {
  return nodejieba.cut(toSimplified(text));
}

/**
 * Where two paragraphs meet at a page break, the break cut a word: the first
 * ends on a lone character that is no word by itself (`…省委副` + `书记`), or
 * the second opens with the character the first ends on, repeated, as a lone
 * character (`各级各部门` + `门要`, where `作为…` after `工作` is a word of its own).
 */
function breakCutAWord(prev: string, next: string): 'joined' | 'repeated' | null {
  if (!endsUnfinished(prev) || !/^\p{Script=Han}/u.test(next) || isLabelLike(next)) return null;
  const last = [...prev].at(-1)!;
  const head = words(next.slice(0, 8))[0] ?? '';
  if (next.startsWith(last) && head === last) return 'repeated';
  const tail = words(prev.slice(-8)).at(-1) ?? '';
  return [...tail].length === 1 && HAN.test(tail) && !FINAL_PARTICLES.has(tail) ? 'joined' : null;
}

/**
 * Rejoins paragraphs a page break split (`…省委副` + `书记、省长…`). When the
 * break repeated a character on both sides (`各级各部门` + `门要…`), it is kept
 * once. Only a cut word is evidence of a break: a paragraph that merely lacks
 * its full stop (`…研究部署工作` + `会后，…`) stays a paragraph, and headings and
 * list items stand alone.
 */
export function joinBrokenParagraphs(paragraphs: string[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs) {
    const prev = out[out.length - 1];
    const cut = prev === undefined ? null : breakCutAWord(prev, p);
    if (cut) out[out.length - 1] = prev + (cut === 'repeated' ? p.slice(1) : p);
    else out.push(p);
  }
  return out;
}
