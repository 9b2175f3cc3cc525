/**
 * People, read the way Chinese news text introduces them: a role then the name
 * (`省委书记沈晓明`, `省委副书记、省长毛伟明`, `副省长李建中、王一鸥`), a name then
 * an honorific (`习近平总书记`, `赵乐际同志`), and by-lines (`全媒体记者 刘燕娟 张璐`).
 * A name introduced once is then found bare in the rest of the document
 * (`毛伟明指出`), carrying the role last seen for it.
 *
 * Nothing here knows the corpus's people: names are 2–3 Han characters (4 with
 * a compound surname) starting with a common surname; roles end with a role
 * word (…书记, …省长, …主任, 记者…).
 */
import type { PersonMention } from './types.js';
import { recoverOutlet } from './outlets.js';
import { convertEach, toSimplified, toTraditional } from './script.js';

/** Common single-character surnames (simplified). Characters that are mostly function words (和, 时, 来…) are left out on purpose. */
const SURNAMES = new Set(
  [...(
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾' +
    '夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁' +
    '岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤' +
    '阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘' +
    '池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼满闻厉伊仝郜阚权帅屠朴盖练廉禹井祖漆巴丰支卿狄计索宣晋容敬' +
    '扈晁芮普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况宿鲜逯隆茹诸战慕危玉银亢嵇湛宾戎勾茅利呼揭干尉冶斯束檀衣阴昝智幸奉植衡富尧' +
    '彦舍洪习'
  )],
);
const COMPOUND_SURNAMES = new Set(['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '令狐', '夏侯', '公孙', '慕容', '尉迟', '长孙', '宇文', '司徒', '端木', '西门', '独孤', '申屠']);

/** Characters that end a name rather than belong to one: particles, prepositions, verbs that follow names, administrative words. */
const NOT_IN_NAME = new Set([
  ...'的了在是和与與及等向对對为為被把将將让讓给給从從以因由于於赴说說也都再还還就已会會并並则則又所这這那其之们們' +
    '副省市县縣区區委党黨厅廳局部处處府日月年时時分秒上下午前后後里裡外内內出主率带帶到要指表讲講看听聽走同任摄攝',
]);
/** Two-character words that follow a name: the name ends before them even if their first character could be a given name. */
const AFTER_NAME = new Set(
  '强调 強調 指出 表示 主持 出席 参加 參加 参观 參觀 会见 會見 调研 調研 考察 视察 視察 看望 来到 來到 前往 深入 要求 听取 聽取 宣布 介绍 介紹 陪同 率队 率隊 带队 帶隊 一行 同志 书记 書記 省长 省長 讲话 講話 发表 發表 提出 代表 认为 認為 希望 通讯 通訊 记者 記者'.split(' '),
);

/** Role words a role ends with, simplified; traditional forms are derived below. Longer words first. */
const ROLE_WORDS = [
  '总书记', '秘书长', '董事长', '理事长', '检察长', '总经理', '总编辑', '总工程师', '司令员', '通讯员', '特派员', '巡视员', '调研员',
  '书记', '省长', '市长', '县长', '区长', '州长', '镇长', '乡长', '部长', '厅长', '局长', '处长', '科长', '院长', '校长', '所长', '社长',
  '行长', '会长', '组长', '队长', '署长', '司长', '馆长', '台长', '站长', '团长', '主任', '主席', '常委', '委员', '总理', '总裁', '政委',
  '主委', '记者', '同志',
];
/** Honorifics written after the name (`习近平总书记`); `同志` is no role. */
const AFTER_NAME_TITLES = new Set(['总书记', '同志']);

/** Each role-word character and its traditional form, from the one script module. */
const TRADITIONAL = convertEach(ROLE_WORDS.join(''), toTraditional);
function bothScripts(word: string): string {
  return [...word].map((c) => {
    const t = TRADITIONAL.get(c);
    return t && t !== c ? `[${c}${t}]` : c;
  }).join('');
}
const ROLE_WORD_PATTERN = ROLE_WORDS.map(bothScripts).join('|');
const ROLE_WORD = new RegExp(ROLE_WORD_PATTERN, 'gu');
const ENDS_WITH_ROLE_WORD = new RegExp(`(?:${ROLE_WORD_PATTERN})$`, 'u');

/** A role is read back from its role word over Han characters up to one of these (`会议由省委副书记…`: the role starts after 由). */
const ROLE_STOP = new Set([...'由和与與及向对對在是了的请請为為被把将將让讓给給从從以于於到等据據讯訊称稱即']);
/** …or up to a time word (`今日下午省委书记…`); single characters like 日 or 时 would cut `湖南日报`, `新时代`. */
const ROLE_STOP_WORDS = new Set('今日 昨日 近日 日前 今天 昨天 上午 下午 中午 晚上 当天 當天 随后 隨後 此前 同时 同時 期间 期間'.split(' '));
const MAX_ROLE_LENGTH = 24;
/** `2008年`, `十月`, `27日`: a date before a role is not part of it. */
const WRITTEN_DATE_END = /[\d〇零一二三四五六七八九十][年月日号號]$/u;

const HAN = /\p{Script=Han}/u;
const isHan = (c: string | undefined): boolean => c !== undefined && HAN.test(c);
const SPACE = /[ \t\u00a0\u3000]/;

/** A person found with the role the text gives at that point, and where. */
export interface FoundPerson {
  name: string;
  roles: string[];
  from: number;
  to: number;
}

function surnameLength(chars: string): number {
  const s = toSimplified(chars.slice(0, 2));
  if (COMPOUND_SURNAMES.has(s)) return 2;
  return SURNAMES.has(s[0] ?? '') ? 1 : 0;
}

/** Whether a delimited string (a by-line name) can be a Chinese name: a common surname and one or two more Han characters. */
export function isPlausibleName(name: string): boolean {
  const chars = [...name];
  const surname = surnameLength(name);
  const given = chars.length - surname;
  return surname > 0 && given >= 1 && given <= 2 && chars.every((c) => isHan(c));
}

/** Stricter, for a name cut out of running text: no character that usually ends a name. */
function isNameInText(name: string): boolean {
  return isPlausibleName(name) && ![...name].slice(surnameLength(name)).some((c) => NOT_IN_NAME.has(c));
}

/** Whether a word ends at `at`: no Han character follows, or one that starts what comes after a name. */
function endsWord(text: string, at: number): boolean {
  const c = text[at];
  return !isHan(c) || NOT_IN_NAME.has(c!) || AFTER_NAME.has(text.slice(at, at + 2));
}

/** The name starting at i, or null: a surname, then one or two given-name characters, stopping where a following word starts. */
function readNameAt(text: string, i: number): { name: string; end: number } | null {
  const surname = surnameLength(text.slice(i, i + 2));
  if (surname === 0) return null;
  let end = i + surname;
  while (end - i - surname < 2 && !endsWord(text, end)) end++;
  if (end - i - surname === 0) return null;
  return { name: text.slice(i, end), end };
}

/** The name written just before an honorific (`习近平总书记`): three characters if they make a name, else two. */
function readNameBefore(text: string, end: number): { name: string; from: number } | null {
  for (const length of [3, 2, 4]) {
    const from = end - length;
    if (from < 0) continue;
    const name = text.slice(from, end);
    if (isNameInText(name)) return { name, from };
  }
  return null;
}

/** Start of the role that ends at `end`, reading back over Han characters. */
function roleStart(text: string, end: number): number {
  let i = end;
  while (
    i > 0 &&
    end - i < MAX_ROLE_LENGTH &&
    isHan(text[i - 1]) &&
    !ROLE_STOP.has(text[i - 1]!) &&
    !ROLE_STOP_WORDS.has(text.slice(i - 2, i)) &&
    !WRITTEN_DATE_END.test(text.slice(Math.max(0, i - 3), i))
  ) {
    i--;
  }
  return i;
}

/** Roles joined by `、` before a name: `省委副书记、省长、省政府党组书记毛伟明`. */
function roleChain(text: string, headStart: number, headEnd: number): { roles: string[]; from: number } {
  let from = roleStart(text, headStart);
  const roles = [text.slice(from, headEnd)];
  while (text[from - 1] === '、') {
    const prevStart = roleStart(text, from - 1);
    const prev = text.slice(prevStart, from - 1);
    if (!ENDS_WITH_ROLE_WORD.test(prev)) break;
    roles.unshift(prev);
    from = prevStart;
  }
  return { roles, from };
}

/** More names sharing one role: `李建中、王一鸥`, or by-line style `刘燕娟 张璐`. */
function readNameList(text: string, first: { name: string; end: number }): { names: string[]; end: number } {
  const names = [first.name];
  let end = first.end;
  for (;;) {
    let i = end;
    if (text[i] === '、') i++;
    else if (SPACE.test(text[i] ?? '')) while (SPACE.test(text[i] ?? '')) i++;
    else break;
    const next = readNameAt(text, i);
    // A list item is a whole name, not the start of a longer word (`、省长毛伟明` is a new role).
    if (!next || !endsWord(text, next.end)) break;
    names.push(next.name);
    end = next.end;
  }
  return { names, end };
}

/** People a text introduces with a role or an honorific, in order. */
export function findPeopleWithRoles(text: string): FoundPerson[] {
  const found: FoundPerson[] = [];
  ROLE_WORD.lastIndex = 0;
  for (let m = ROLE_WORD.exec(text); m; m = ROLE_WORD.exec(text)) {
    const word = m[0];
    const headStart = m.index;
    const headEnd = headStart + word.length;
    const simplified = toSimplified(word);
    if (AFTER_NAME_TITLES.has(simplified)) {
      const before = readNameBefore(text, headStart);
      if (before) {
        const roles = simplified === '同志' ? [] : [word];
        found.push({ name: before.name, roles, from: before.from, to: headEnd });
      }
      continue;
    }
    let at = headEnd;
    // By-lines put a space between role and names: `记者 唐俊`.
    while (SPACE.test(text[at] ?? '')) at++;
    const first = readNameAt(text, at);
    if (!first) continue;
    const { roles, from } = roleChain(text, headStart, headEnd);
    const list = readNameList(text, first);
    for (const name of list.names) found.push({ name, roles, from, to: list.end });
    ROLE_WORD.lastIndex = list.end;
  }
  return found;
}

/** Two-character names are also short words (`周农` in `四周农田`): a bare one must end where a word ends. */
function standsAlone(text: string, from: number, to: number): boolean {
  return to - from > 2 || endsWord(text, to);
}

/** Known names, looked up by their first character: one pass over a text however many names there are. */
class NameIndex {
  private readonly byFirst = new Map<string, string[]>();

  constructor(names: string[]) {
    for (const name of new Set(names)) {
      const list = this.byFirst.get(name[0]!) ?? [];
      list.push(name);
      this.byFirst.set(name[0]!, list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.length - a.length);
  }

  /** Non-overlapping occurrences, longest name first at each position. */
  *occurrences(text: string): Generator<{ name: string; from: number }> {
    if (this.byFirst.size === 0) return;
    for (let i = 0; i < text.length; ) {
      const name = this.byFirst.get(text[i]!)?.find((n) => text.startsWith(n, i));
      if (name) {
        yield { name, from: i };
        i += name.length;
      } else i++;
    }
  }
}

/**
 * The people of each paragraph of one document. Names introduced anywhere in
 * the document are found bare in every paragraph too, with the roles last seen
 * for them before that point (none if not seen yet). One mention per person and
 * paragraph; `key` is the simplified name, which merges both scripts.
 */
export function mentionPeople(paragraphs: string[]): PersonMention[][] {
  const withRoles = paragraphs.map(findPeopleWithRoles);
  const known = new NameIndex(withRoles.flat().map((p) => p.name));
  const lastRoles = new Map<string, string[]>();

  return paragraphs.map((text, i) => {
    const covered = withRoles[i]!;
    const events: { name: string; roles: string[] | null; from: number }[] = covered.map((p) => ({
      name: p.name,
      roles: p.roles.length ? p.roles : null,
      from: p.from,
    }));
    for (const { name, from } of known.occurrences(text)) {
      const to = from + name.length;
      if (covered.some((p) => from < p.to && to > p.from) || !standsAlone(text, from, to)) continue;
      events.push({ name, roles: null, from });
    }
    events.sort((a, b) => a.from - b.from);

    const byKey = new Map<string, PersonMention>();
    for (const e of events) {
      const key = toSimplified(e.name);
      if (e.roles) lastRoles.set(key, e.roles);
      const roles = e.roles ?? lastRoles.get(key) ?? [];
      const mention = byKey.get(key);
      if (mention) mention.roles = [...new Set([...mention.roles, ...roles])];
      else byKey.set(key, { name: e.name, key, roles: [...roles] });
    }
    return [...byKey.values()];
  });
}

// --- By-lines and photo credits ----------------------------------------------

/** What a by-line line credits. `outlet` is the organisation written before a reporter's role (`湖南日报全媒体记者`). */
export interface Byline {
  reporters: string[];
  photographers: string[];
  outlet: string | null;
  /** Every name credited, with its role: the role as written without the outlet (`全媒体记者`, `通讯员`), `作者` for 文/撰文, `摄影` for 图/摄. */
  credits: Array<{ name: string; role: string }>;
  /** Editors (`编辑:胡迎赢`, `责任编辑`), with the role as written: credited for a report, not its authors. */
  editors: Array<{ name: string; role: string }>;
}

const OUTLET_END = /(?:报|報|社|台|网|網|站|端|刊|频道|頻道|杂志|雜誌)$/u;
/** The outlet a role begins with: its longest prefix ending like an outlet name (`湖南日报` of `湖南日报全媒体记者`). */
export function outletPrefix(text: string): string | null {
  const chars = [...text];
  for (let n = chars.length; n >= 2; n--) {
    const prefix = chars.slice(0, n).join('');
    if (OUTLET_END.test(prefix)) return prefix;
  }
  return null;
}

const SEPARATOR = `[/／|｜:：]`;
const JOURNALIST_WORD = `(?:[记記]者|通[讯訊][员員]|[实實][习習]生)`;
const EDITOR_ROLE = `(?:[责責]任)?[编編][辑輯]`;
/** Role words of two or more characters: a name never starts with one. */
const ROLE_WORD_IN_BYLINE = `(?:${JOURNALIST_WORD}|${EDITOR_ROLE}|摄影|攝影|撰文|作者)`;
/** `文`, `图` and `摄` alone are roles only before a separator (`文/孙敏坚`): they also start names. */
const REPORTER_ROLE = String.raw`\p{Script=Han}{0,12}?${JOURNALIST_WORD}|撰文|作者|文(?=\s*${SEPARATOR})`;
const PHOTO_ROLE = String.raw`摄影|攝影|[图圖摄攝](?=\s*${SEPARATOR})`;
const BYLINE_NAME = String.raw`(?!${ROLE_WORD_IN_BYLINE})\p{Script=Han}{2,4}?(?=[\s、,，;；)）]|$|${ROLE_WORD_IN_BYLINE}|[文图圖摄攝]\s*${SEPARATOR})`;
const BYLINE_SEGMENT = String.raw`(${REPORTER_ROLE}|${PHOTO_ROLE}|${EDITOR_ROLE})\s*${SEPARATOR}?\s*(${BYLINE_NAME}(?:[\s、,，]+${BYLINE_NAME})*)[\s;；,，]*`;
const BYLINE_LINE = new RegExp(`^(?:${BYLINE_SEGMENT})+$`, 'u');
const BYLINE_SEGMENTS = new RegExp(BYLINE_SEGMENT, 'gu');
const IS_EDITOR_ROLE = new RegExp(`^${EDITOR_ROLE}$`, 'u');
/** A leading `信息来源：OUTLET` field, up to the spaces before the next field. */
const SOURCE_FIELD = /^(?:信息)?(?:来源|來源|稿源)\s*[:：]\s*\S+\s+/u;
const IS_PHOTO_ROLE = /^(?:摄影|攝影|[图圖摄攝])$/u;
const IS_JOURNALIST_ROLE = new RegExp(JOURNALIST_WORD, 'u');
const BULLETS = /^[\s■□●◆▲★☆◇○•*\-—]+/u;
const MAX_BYLINE_LENGTH = 80;

/** Reads a line that is only a by-line (`■湖南日报全媒体记者 邓晶琨`, `(文/孙敏坚 黄晗 图/刘尚文)`, `作者:周帙恒编辑:胡迎赢`); null otherwise. */
export function parseByline(line: string): Byline | null {
  let s = line.replace(BULLETS, '').trim();
  const wrapped = /^[(（](.*)[)）]$/u.exec(s);
  if (wrapped) s = wrapped[1]!.trim();
  // A page footer giving the source before the credits (`信息來源: 湖南日報·新湖南客戶端  責任編輯: 郭玟`): the credits
  // are the report's, the source field is the site's (the outlet comes from the dateline or the by-line's own role).
  const sourced = SOURCE_FIELD.exec(s);
  if (sourced && s.length > sourced[0].length) s = s.slice(sourced[0].length);
  if (s.length > MAX_BYLINE_LENGTH || !BYLINE_LINE.test(s)) return null;
  const byline: Byline = { reporters: [], photographers: [], outlet: null, credits: [], editors: [] };
  for (const m of s.matchAll(BYLINE_SEGMENTS)) {
    const role = m[1]!;
    const names = m[2]!.split(/[\s、,，]+/u).filter(Boolean);
    if (!names.every(isPlausibleName)) return null;
    if (IS_EDITOR_ROLE.test(role)) {
      // Editors are not authors.
      for (const name of names) byline.editors.push({ name, role });
      continue;
    }
    const journalist = IS_JOURNALIST_ROLE.test(role);
    const outlet = journalist ? (recoverOutlet(role) ?? outletPrefix(role)) : null;
    const photo = IS_PHOTO_ROLE.test(role);
    if (photo) byline.photographers.push(...names);
    else byline.reporters.push(...names);
    byline.outlet ??= outlet;
    const shown = photo ? '摄影' : journalist ? journalistRole(role) : '作者';
    for (const name of names) byline.credits.push({ name, role: shown });
  }
  return byline;
}

/** The role a journalist's credit gives, without the outlet before it: `湖南日报全媒体记者` → `全媒体记者`. */
const JOURNALIST_ROLE_TAIL = /(?:全媒[体體]|融媒[体體]|[见見][习習]|特[约約]|首席)?(?:[记記]者|通[讯訊][员員]|[实實][习習]生)$/u;

function journalistRole(role: string): string {
  return JOURNALIST_ROLE_TAIL.exec(role)?.[0] ?? role;
}

/** By-lines in parentheses inside a paragraph: `…10月27日訊(全媒體記者 劉燕娟 張璐)27日下午…`. */
export function inlineBylines(text: string): Byline[] {
  return inlineBylineSpans(text).map((s) => s.byline);
}

/** The same, with where each by-line is in the text (inside its parentheses): a credit is quoted where it is written. */
export function inlineBylineSpans(text: string): Array<{ byline: Byline; from: number; to: number }> {
  const out: Array<{ byline: Byline; from: number; to: number }> = [];
  for (const m of text.matchAll(/[(（]([^()（）]{2,60})[)）]/gu)) {
    const b = parseByline(m[1]!);
    if (b && b.reporters.length + b.photographers.length > 0) out.push({ byline: b, from: m.index! + 1, to: m.index! + 1 + m[1]!.length });
  }
  return out;
}

const PHOTO_CREDIT = new RegExp(
  `(?:^|(?<=[。！？!?\\s]))((?:(\\p{Script=Han}{0,14}?(?:[记記]者|摄影|攝影))\\s*)?((?:\\p{Script=Han}{2,4}[\\s、]+)*\\p{Script=Han}{2,4})\\s*[摄攝]影?)\\s*$`,
  'u',
);
const MAX_CAPTION_LENGTH = 160;

/**
 * A photo caption ending with its credit (`…了解石门柑橘种植销售情况。湖南日报全媒体记者 唐俊 摄`,
 * `彭展 李翼骏 摄`): the photographers and the outlet written in the credit. Null for other lines.
 */
export function parsePhotoCredit(line: string): { photographers: string[]; outlet: string | null } | null {
  if (line.length > MAX_CAPTION_LENGTH) return null;
  const m = PHOTO_CREDIT.exec(line);
  if (!m) return null;
  const names = m[3]!.split(/[\s、]+/u).filter(Boolean);
  if (!names.every(isPlausibleName)) return null;
  return { photographers: names, outlet: m[2] ? (recoverOutlet(m[2]) ?? outletPrefix(m[2])) : null };
}
