import { parseNumber } from '../corpus/dates.js';
import { parsePhotoCredit } from '../corpus/people.js';
import { normalizeForMatch } from '../text/normalize.js';
import { FUNCTION_CHARS, termPresence, type QueryTerm } from './question-terms.js';

/**
 * Sentence ends: Chinese and Latin terminators, with closing quotes/brackets that follow them.
 * A semicolon joins clauses of one sentence: splitting there cut answers in two (measured with `npm run eval:abstain`).
 * A title (《卡拉OK.LIVE！‧台北‧我》) and a short quotation (「亚当是可爱的，但我没有和他约会。一旦…。」) are not cut
 * where their own text ends a sentence (a quotation ending so ends the sentence with it): cut there, a mark held half
 * a title or half of what was said. A longer quotation (a speech) is cut as usual.
 */
const SENTENCE =
  /(?:《[^《》\n]{0,60}》|「[^「」\n]{0,60}[^「」\n。！？!?…]」|“[^“”\n]{0,60}[^“”\n。！？!?…]”|(?!「[^「」\n]{0,60}[。！？!?…]」|“[^“”\n]{0,60}[。！？!?…]”)[^。！？!?…\n])*(?:「[^「」\n]{0,60}[。！？!?…]」|“[^“”\n]{0,60}[。！？!?…]”|[。！？!?]+|…+|\n|$)[”’」』）)】]*/gu;

/** [start, end) ranges of the sentences of a text, covering it whole (trailing spaces kept with their sentence). */
export function sentenceRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(SENTENCE)) {
    if (!m[0]) continue;
    const start = m.index!;
    let end = start + m[0].length;
    // A line break ends a sentence (a window's paragraphs) but is not part of it.
    if (text[end - 1] === '\n') end--;
    if (text.slice(start, end).trim()) out.push([start, end]);
  }
  return out;
}

/** What kind of fact a question asks for, when its wording says so. */
export type Wanted = 'number' | 'date' | 'person' | 'place' | null;

const ASKS_DATE = /何时|几时|什么时候|甚么时候|哪一?年|哪一?天|几月|几号|几日|哪个月|哪一?日|何年|日期|时间|年份|年代|何時|幾時|什麼時候|甚麼時候|哪個月|幾月|幾號|幾日|時間/u;
const ASKS_NUMBER = /多少|第几|第幾|几个|几位|几名|几项|几次|几家|几种|几座|几条|多大|多长|多高|多远|多久|多重|多深|多宽|多少钱|数量|人数|规模|比例|百分之|幾個|幾位|幾名|幾項|幾次|幾家|幾種|幾座|幾條|多長|多遠|數量|人數|規模/u;
const ASKS_PERSON = /谁|誰|哪位|何人|什么人|甚么人|什麼人|甚麼人|哪些人|名字|姓名/u;
const ASKS_PLACE = /哪里|哪裡|哪儿|哪兒|何地|何处|何處|什么地方|什麼地方|哪个(?:省|市|县|国|国家|城市|地区)|哪個(?:省|市|縣|國|國家|城市|地區)|位于|位於|地点|地點|在哪/u;

/**
 * Questions asking for an account (why, how, what it is like, which ones; matched on the simplified key): the answer often runs over two sentences.
 * Marking the sentence after the best one too when nothing else is marked: full dev sets, CMRC 88.7% → 89.5%, DRCD 94.0%
 * unchanged, 18% → 19% of the text marked (the one before instead: 89.2%; the better scored neighbour: 89.4%). What
 * something is for (功能, 作用, 用途) and what someone did (做了什么) are accounts too (CMRC +0.2, DRCD unchanged).
 */
const ASKS_ACCOUNT = /为什么|为何|怎么|怎样|如何|什么样|哪些|特点|分别|原因|过程|功能|作用|用途|做了什么/u;

/** Whether a question asks for an account (why, how, what it is like, which ones). */
export function asksAccount(question: string): boolean {
  return ASKS_ACCOUNT.test(normalizeForMatch(question));
}

/** Asking for a span of time, its start and end (从什么时候到什么时候, 持续到何时, 起止时间; matched on the simplified key). */
const ASKS_RANGE = /从(?:什么时候|何时|哪天|哪一?年|几月|几号)\S{0,20}?(?:到|至)(?:什么时候|何时|哪天|哪一?年|几月|几号)|持续到(?:什么时候|何时)|起止|起讫/u;
/** A day, month or year (6月, 13日, 2024年, 上旬) … */
const DATE_PART = String.raw`(?:\d{1,4}\s*[年月日号]|[上中下]旬)`;
/** …to another: 6月初至7月上旬, 11月12日至13日, 2022年—2024年. */
const HAS_RANGE = new RegExp(`${DATE_PART}[^，,。；;]{0,4}?(?:至|到|—|–|-|~|～)\\s*${DATE_PART}`, 'u');

/** Whether a question asks when something started and ended, not one day. */
export function asksRange(question: string): boolean {
  return ASKS_RANGE.test(normalizeForMatch(question));
}

/** Whether a text gives a span of dates (from one day, month or year to another). */
export function holdsRange(text: string): boolean {
  return HAS_RANGE.test(text);
}

export function wantedFact(question: string): Wanted {
  if (ASKS_DATE.test(question)) return 'date';
  if (ASKS_NUMBER.test(question)) return 'number';
  if (ASKS_PERSON.test(question)) return 'person';
  if (ASKS_PLACE.test(question)) return 'place';
  return null;
}

const HAS_NUMBER = /\d|[一二三四五六七八九十百千万亿两][余多]?[个位名项次家种座条人元吨亩米千万亿%]/u;
const HAS_DATE = /\d{1,4}\s*[年月日号]|[〇零一二三四五六七八九十]{1,4}[年月日]|世纪|年代|朝|时期|期间|春|夏|秋|冬|上午|下午|晚上/u;
const HAS_PLACE = /\p{Script=Han}(?:省|市|县|区|州|镇|乡|村|国|岛|山|河|江|湖|海|洋|洲|城|港|路|街|馆|院|寺|宫|场|站|县城|地区)/u;
/** A name is hard to tell without a list; a role word or a dot in a transliterated name are the usual signs. */
const HAS_PERSON = /[书记长任席委员理裁者家人师手]|·|・/u;

export function holdsWanted(sentence: string, wanted: Wanted): boolean {
  switch (wanted) {
    case 'date':
      return HAS_DATE.test(sentence);
    case 'number':
      return HAS_NUMBER.test(sentence);
    case 'place':
      return HAS_PLACE.test(sentence);
    case 'person':
      return HAS_PERSON.test(sentence);
    default:
      return false;
  }
}

/** A sentence holding the kind of fact asked for counts this much more. */
const WANTED_BONUS = 1.25;
/** Terms of the passage's first sentence name its topic: the sentence that answers is the one with the rest of the question. */
const TOPIC_WEIGHT = 0.5;
/**
 * A character of a question word that no sentence holds counts at this share of a word's weight: a trace of the
 * answer's wording (颜色 asked, 体呈淡蓝红色 written). Measured, full dev sets: CMRC 87.9% → 88.7%, DRCD 93.0% → 94.0%
 * of marks holding the answer (0.4: 88.8% / 93.8%; 0.8: 88.2% / 93.8%).
 */
const CHARACTER_WEIGHT = 0.6;
/** A second sentence is marked only when it scores this close to the best… */
const SECOND_SENTENCE = 0.6;
/** …or this close when it is next to the best: an answer often runs on into the neighbouring sentence (measured, full dev sets: CMRC 84.9% → 86.2%, DRCD 91.2% → 92.2% of marks holding the answer). */
const NEIGHBOUR_SENTENCE = 0.3;
/**
 * Those bars hold for a second sentence of this share of the passage's text; one that is more of the passage must
 * score closer to the best, one that is less may score lower (the bar times the square root of its share over this
 * one): a sentence that is half the passage locates little, one line of a long passage is cheap to read. Measured,
 * full dev sets: CMRC 90.0% → 90.2%, DRCD 94.1% → 94.5% of marks holding the answer with 19.2% → 18.9% of the text
 * marked (at 0.12: 90.0% / 94.2% with 18.3% marked; at 0.18: 90.2% / 94.6%, 19.2%). At 0.15, with the sentence
 * before one pointing back marked too (`REFERS_BACK`), 18.9% (CMRC) and 19.0% (DRCD) of the text was marked; 0.14
 * keeps it at 18.8% for one DRCD answer less.
 */
const SECOND_SHARE = 0.14;

/**
 * A sentence that opens by pointing back is read with the one before it, where what it points to is: a consequence
 * (因此, 所以, 于是) follows from the reason a why-question asks for; a demonstrative or a relative time (这/此,
 * 在此/同年/当时/次年: `这一年，毛与江青等人发动批林批孔运动`) stands for the year or the thing asked, named there; a
 * sentence with no subject of its own (是/为/乃/亦/遂…) goes on from it; so does a time after an event the sentence
 * before tells (`赛后，他正式结束运动生涯` answers when: after the match the sentence before names; CMRC +0.1). 此外
 * (besides) and 为了/为何 (for, why) open with 此 and 为 but point nowhere (CMRC +0.1, DRCD +0.06). 其 and 该 are
 * left out: they mostly stand
 * for the article's subject (`其叶螺旋状排列`, `该人物首先出现于…`), which the question names. Measured against
 * the consequences alone, full dev sets: CMRC 90.8% → 90.9%, DRCD 94.4% → 94.7% of marks holding the answer (with
 * 其 and 该: CMRC 90.7%, DRCD 95.0%; 在此 is CMRC's one: `在此背景下，各家经纪商决定…`).
 */
const REFERS_BACK = /^[\s“”"「」『』]*(?!此外|为了|为何|为什么)(?:因此|所以|因而|于是|故此|从而|由此|这|此|在此|同年|同月|同日|当时|当年|从此|自此|此后|次年|翌年|赛后|战后|会后|事后|其后|是|为|乃|亦|遂)/u;
/**
 * A personal pronoun points back as well when it may stand for what is asked: the question asks who, or names
 * nothing the opening sentence (the subject) holds. Otherwise it stands for the subject the question names
 * (`它的面积约为…` asked 乍都节公园的面积). DRCD 94.7% → 94.9% (always: CMRC +0.1, the 它 above marked with the sentence before).
 */
const PERSONAL_PRONOUN = /^[\s“”"「」『』]*(?:他|她|它|牠)/u;

/** A sentence going on from the one before with no subject of its own: an adverb or connective opens it. */
const GOES_ON = /^[\s“”"「」『』]*(?:被|并|也|还|又|且|而且|同时|主要|其中|随后|不久|均|都|曾|则|便|就|即|更|再|后来|之后|最终|最后)/u;

/** A question asking who or where its subject is: `X是谁`, `X是哪位皇帝的皇后`, `X是哪个国家运动员`. */
const COPULAR_WHO_WHERE = /是(?:谁|哪|什么人|何人)/u;

/** Chinese numerals written out (二十三, 一九九八) read as digits, so that a question's number finds them: 23岁 asked, 二十三岁 written (CMRC 90.4% → 90.5%). */
function withDigits(sentence: string): string {
  return sentence.replace(/[〇零一二三四五六七八九十]+/gu, (m) => String(parseNumber(m) ?? m));
}

/**
 * The sentences of a passage that answer the question, as [start, end) ranges
 * in order. Each sentence is scored by the question's terms it holds, a term
 * counting by how few of the passage's sentences hold it (a name repeated in
 * every sentence picks none of them), terms of the opening sentence (the
 * topic) at half weight, and a bonus when the sentence holds the kind of fact
 * asked for (a number, date, person or place). The best sentence is marked,
 * and a second one when it scores nearly as well, or the one before it when
 * the best points back to it (这一年…, 此战…), or the one after the opening
 * when the opening is the best and the second only names the subject again
 * (with an opening best, the second is the sentence holding most of the rest
 * of the question), or the one after the best when it goes on with no subject
 * of its own (主要表现为…), or the opening when the question asks who or where
 * its subject is: one or two sentences, never a whole longer paragraph. A passage holding none
 * of the terms has none marked.
 *
 * Measured on the dev sets (`npm run eval:abstain`, "marked holds answer"):
 * this weighting beat corpus IDF, which lets the topic's name pick the opening sentence.
 */
export function answeringSentences(text: string, question: string, terms: QueryTerm[]): Array<[number, number]> {
  const ranges = sentenceRanges(text);
  const asked = normalizeForMatch(question);
  // The measure word after 哪 (哪位皇帝, 哪个国家) says what kind of answer is wanted, not where it is: a sentence holding 位
  // is no likelier to answer (CMRC +0.1, DRCD −0.03).
  terms = terms.filter((t) => !(t.kind === 'han' && [...t.term].length === 1 && asked.includes(`哪${t.term}`)));
  if (!ranges.length || !terms.length) return [];
  const wanted = wantedFact(asked);
  const account = asksAccount(question);
  const sentences = ranges.map(([s, e]) => normalizeForMatch(text.slice(s, e)));
  const digits = terms.some((t) => t.kind === 'number') ? sentences.map(withDigits) : sentences;
  const presence = terms.map((t) => sentences.map((x, i) => termPresence(t, t.kind === 'number' ? digits[i]! : x)));
  const weights = presence.map((row) => {
    const holding = row.filter((x) => x > 0).length;
    const local = holding ? Math.log(1 + sentences.length / holding) : 0;
    return sentences.length > 1 && row[0]! > 0 ? local * TOPIC_WEIGHT : local;
  });
  // A word of the question no sentence holds (颜色, 形状) still leaves a trace in the answer's wording (体呈淡蓝红色, 呈尖锥状): its characters, weighed little.
  const anyHeld = presence.some((row) => row.some((x) => x > 0));
  const traces = terms
    .filter((t, k) => anyHeld && t.kind === 'han' && [...t.term].length > 1 && presence[k]!.every((x) => x === 0))
    .flatMap((t) => [...t.term])
    // 有 of 松有 (jieba's cut across 鸡毛松 and 有) says nothing: a function character is no trace (CMRC 90.2% → 90.4%).
    .filter((c) => !FUNCTION_CHARS.has(c))
    .map((c) => {
      const row = sentences.map((x) => (x.includes(c) ? 1 : 0));
      const holding = row.filter((x) => x > 0).length;
      return { row, w: holding ? CHARACTER_WEIGHT * Math.log(1 + sentences.length / holding) : 0 };
    });
  // The sentence after the opening that holds most of what the question asks beyond the opening's subject (-1: none holds any).
  const bestBeyondOpening = () => {
    let found = -1;
    let top = 0;
    for (let i = 1; i < sentences.length; i++) {
      let score = 0;
      for (let k = 0; k < terms.length; k++) if (!(presence[k]![0]! > 0)) score += weights[k]! * presence[k]![i]!;
      for (const t of traces) if (!t.row[0]) score += t.w * t.row[i]!;
      if (score > top) [found, top] = [i, score];
    }
    return found;
  };
  let best = -1;
  let second = -1;
  const scores = sentences.map((sentence, i) => {
    let score = 0;
    for (let k = 0; k < terms.length; k++) score += weights[k]! * presence[k]![i]!;
    for (const t of traces) score += t.w * t.row[i]!;
    return score > 0 && holdsWanted(sentence, wanted) ? score * WANTED_BONUS : score;
  });
  // The two best sentences, earlier first on ties; a loop, not a spread: a paragraph may hold thousands of sentences.
  for (let i = 0; i < scores.length; i++) {
    if (best < 0 || scores[i]! > scores[best]!) {
      second = best;
      best = i;
    } else if (second < 0 || scores[i]! > scores[second]!) second = i;
  }
  if (scores[best]! <= 0) return [];
  const pronounAsked = () => PERSONAL_PRONOUN.test(sentences[best]!) && (wanted === 'person' || !presence.some((row) => row[0]! > 0));
  if (best > 0 && (REFERS_BACK.test(sentences[best]!) || pronounAsked())) return [ranges[best - 1]!, ranges[best]!];
  // A photo credit (`记者 唐俊 摄`) says who took the photo the sentence before it describes: what the photo shows is marked with it.
  if (best > 0 && parsePhotoCredit(text.slice(...ranges[best]!).trim())) return [ranges[best - 1]!, ranges[best]!];
  const share = second >= 0 ? (ranges[second]![1] - ranges[second]![0]) / text.length : 0;
  const need = (Math.abs(second - best) === 1 ? NEIGHBOUR_SENTENCE : SECOND_SENTENCE) * Math.sqrt(share / SECOND_SHARE);
  const chosen = second >= 0 && scores[second]! > 0 && scores[second]! >= scores[best]! * need ? [best, second] : [best];
  // The opening sentence names the subject. When it is the best, the second marked is the sentence holding most of
  // what the question asks beyond the subject (用途 in 纽西兰鸡毛松有什么用途), else the sentence after the opening,
  // which goes on about the subject: `纽西兰鸡毛松…是罗汉松科鸡毛松属的一种。` then `树高可达55米…`. Full dev sets:
  // CMRC 90.5% → 90.8%, DRCD 94.4% unchanged for the sentence after the opening in place of a second holding nothing
  // beyond it; 91.7% → 91.9%, DRCD −0.03 for the sentence holding most beyond it in place of any second.
  if (best === 0 && chosen.length === 2) {
    const beyond = bestBeyondOpening();
    chosen[1] = beyond > 0 ? beyond : 1;
  }
  // Asked for an account, an opening best holds only the subject: the sentence holding most of the rest of the question
  // (著有 for 著作) is a better guess at the answer than the sentence after the opening (CMRC +0.1).
  if (best === 0 && chosen.length === 1 && account) {
    const beyond = bestBeyondOpening();
    if (beyond > 0) chosen.push(beyond);
  }
  // A reason, a manner or a description runs on past the sentence that names it: the next one is marked with it.
  if (chosen.length === 1 && best + 1 < ranges.length && account) chosen.push(best + 1);
  // `《越南亡国史》的作者是谁`: a question asking who or where its subject is is answered where the subject is introduced,
  // the opening sentence (`《越南亡国史》…由越南革命家潘佩珠于二十世纪初期写成`), when that holds the kind of fact asked
  // (CMRC +0.2, DRCD +0.03).
  if (chosen.length === 1 && best > 0 && COPULAR_WHO_WHERE.test(asked) && (wanted === 'person' || wanted === 'place') && presence.some((row) => row[0]! > 0) && holdsWanted(sentences[0]!, wanted)) chosen.push(0);
  // A sentence after the best that opens with no subject of its own (主要表现为…, 并…, 随后…) goes on with what the best
  // one says: the answer often runs on into it (CMRC +0.2, DRCD unchanged).
  if (chosen.length === 1 && best + 1 < ranges.length && GOES_ON.test(sentences[best + 1]!)) chosen.push(best + 1);
  return chosen.sort((a, b) => a - b).map((i) => ranges[i]!);
}
