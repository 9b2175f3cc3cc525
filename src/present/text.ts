/**
 * Text as shown: one script, display typography, sentence spans, and the
 * answering ranges carried from the stored text onto the shown one. Every
 * change here is for display only; the stored quote stays as the source wrote it.
 */
import { detectScript, toScript, type Script } from '../corpus/script.js';
import { sentenceRanges } from '../search/sentences.js';

export type Range = [number, number];

/**
 * Sentence spans `[start, end)` covering the whole text in order: the search
 * stage's sentences, each line of a passage that spans paragraphs on its own,
 * and the spaces between sentences kept with the sentence before them.
 */
export function sentenceSpans(text: string): Range[] {
  const out: Range[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    for (const [s, e] of sentenceRanges(line)) out.push([lineStart + s, lineStart + e]);
    lineStart += line.length + 1;
  }
  // Fill the gaps (line breaks, spaces) so the spans cover the text whole.
  const covered: Range[] = [];
  let at = 0;
  for (const [s, e] of out) {
    if (s > at) {
      const last = covered[covered.length - 1];
      if (last) last[1] = s;
      else covered.push([at, s]);
    }
    covered.push([s, e]);
    at = e;
  }
  if (at < text.length) {
    const last = covered[covered.length - 1];
    if (last) last[1] = text.length;
    else covered.push([at, text.length]);
  }
  return covered;
}

const HAN = /[\p{Script=Han}\u3000-\u303f\uff01-\uff5e“”‘’…—]/u;
const HAN_CHAR = /\p{Script=Han}/u;
/** Han, or punctuation that closes Chinese text (`”`, `）`, `》`…): what a Chinese comma may follow. */
const CHINESE_END = /[\p{Script=Han}”’」』）》】]/u;
const FULL_WIDTH: Record<string, string> = { ',': '，', ':': '：', ';': '；', '?': '？', '!': '！', '(': '（', ')': '）' };

/**
 * ASCII `, : ; ? ! ( )` between Chinese characters shown full-width, as
 * Chinese typesetting has them (`上午,全省` → `上午，全省`, `一过,10月` →
 * `一过，10月`). One character for one, so positions in the text stay valid.
 * After Latin letters or digits (`1,000`, `10:30`, `(IGBT)`) nothing changes.
 */
export function displayPunctuation(text: string): string {
  if (!/[,:;?!()]/.test(text)) return text;
  const chars = [...text];
  const prevChar = (i: number): string => {
    for (let j = i - 1; j >= 0; j--) if (chars[j] !== ' ') return chars[j]!;
    return '';
  };
  const nextChar = (i: number): string => {
    for (let j = i + 1; j < chars.length; j++) if (chars[j] !== ' ') return chars[j]!;
    return '';
  };
  // Opening brackets made full-width, waiting for their closing one.
  const open: boolean[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '（') open.push(true);
    else if (c === '）') open.pop();
    const wide = FULL_WIDTH[c];
    if (!wide) continue;
    if (c === ')' && open.length > 0) {
      // A bracket closes as it opened: `（记者 刘燕娟 张璐)27日` → `（…）27日`, `(IGBT)` stays.
      if (open.pop()) chars[i] = wide;
      continue;
    }
    const before = prevChar(i);
    const after = nextChar(i);
    const chineseBefore = HAN.test(before);
    const chineseAfter = HAN.test(after);
    const ok =
      c === '('
        ? chineseAfter && HAN_CHAR.test(after) && (chineseBefore || before === '')
        : c === ')'
          ? chineseBefore && (chineseAfter || after === '')
          : (CHINESE_END.test(before) && (chineseAfter || /\d/.test(after) || (after === '' && '?!'.includes(c)))) ||
            // A number ending a clause before Chinese text: `增长9.28%,然而` (not `1,000`).
            (/[\d%％]/.test(before) && HAN_CHAR.test(after));
    if (c === '(') open.push(ok);
    if (ok) chars[i] = wide;
  }
  return chars.join('');
}

/**
 * The answering ranges of `original` found on `shown`, its script-converted
 * form. Conversion is almost always one character for one, and the ranges
 * carry over; otherwise they are mapped sentence by sentence, and dropped
 * when the sentences do not line up (no bold on the wrong words).
 */
export function mapRanges(original: string, shown: string, ranges: readonly Range[]): Range[] {
  if (shown === original || shown.length === original.length) return ranges.map(([s, e]) => [s, e]);
  const from = sentenceSpans(original);
  const to = sentenceSpans(shown);
  if (from.length !== to.length) return [];
  return to.filter((_, i) => {
    const [s, e] = from[i]!;
    return ranges.some(([rs, re]) => rs < e && re > s);
  });
}

/**
 * Text in the reply's script (null: as written), with display typography. A text already in that script is
 * shown as written: converting it again only swaps the source's own variant forms for the converter's
 * standard ones (a traditional report's 制造業占比 became 製造業佔比 for a traditional reader).
 */
export function shownText(text: string, script: Script | null): string {
  return displayPunctuation(script && detectScript(text) !== script ? toScript(text, script) : text);
}
