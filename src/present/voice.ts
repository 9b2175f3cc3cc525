/**
 * Who a reply speaks to: the language of the bot's own words and the script
 * of everything Chinese in it. One reply, one script: the quotes, titles,
 * outlets, roles and the bot's words all follow the same choice.
 */
import { detectScript, type Script } from '../corpus/script.js';

/** 简体中文, 繁體中文, English. */
export type Lang = 'zh-Hans' | 'zh-Hant' | 'en';

export interface Voice {
  lang: Lang;
  /** Script of the Chinese shown; null quotes as written (asked for with `script: original`). */
  script: Script | null;
}

/** Discord's locale of the asker: zh-CN → 简体, zh-TW / zh-HK → 繁體, anything else English. */
export function langOfLocale(locale: string | null | undefined): Lang {
  if (!locale) return 'en';
  const l = locale.toLowerCase();
  if (l === 'zh-tw' || l === 'zh-hk' || l === 'zh-hant' || l.startsWith('zh-hant') || l === 'zh-mo') return 'zh-Hant';
  if (l.startsWith('zh')) return 'zh-Hans';
  return 'en';
}

/** A POSIX locale (`LANG=zh_TW.UTF-8`) read the same way, for the terminal. */
export function langOfPosixLocale(value: string | undefined): Lang | null {
  if (!value) return null;
  const tag = value.split('.')[0]!.replace('_', '-');
  return tag.toLowerCase().startsWith('zh') ? langOfLocale(tag) : null;
}

/** One toneless pinyin syllable: an optional initial and a final. */
const SYLLABLE = '(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uai|uan|ian|iao|van|ai|ei|ao|ou|an|en|er|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v)';
const PINYIN_WORD = new RegExp(`^(?:${SYLLABLE})+$`);

/**
 * Latin letters that read as pinyin through and through (`mao weiming`,
 * `Máo Wěimíng`, `shenxiaoming`): a Chinese reader without a Chinese input
 * method, not an English question (`What did Shen Xiaoming say` has words
 * that are not pinyin).
 */
export function isPinyin(text: string): boolean {
  const plain = text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ü/g, 'v').toLowerCase();
  const words = plain.split(/[\s'’·\-,，.。?？!！]+/).filter(Boolean);
  return words.length > 0 && words.every((w) => PINYIN_WORD.test(w.replace(/[1-5]/g, '')));
}

function scriptOfLang(lang: Lang): Script | null {
  return lang === 'zh-Hans' ? 'simplified' : lang === 'zh-Hant' ? 'traditional' : null;
}

function langOfScript(script: Script): Lang {
  return script === 'simplified' ? 'zh-Hans' : 'zh-Hant';
}

export interface VoiceRequest {
  /** Discord interaction locale; absent for mentions and DMs, which go by the text's script. */
  locale?: string | null;
  /** What the user wrote (question, name, date). */
  text?: string;
  /** The `script` option: `auto` (default) follows the text, then the language. */
  script?: 'auto' | 'original' | 'simplified' | 'traditional';
  /** Language when neither locale nor text says (the terminal's LANG). */
  fallback?: Lang;
}

/**
 * The reply's language and script. A Chinese Discord locale decides both (a
 * 繁體 member reads 繁體 whatever script they typed); without one (mentions,
 * DMs, the terminal) the script the user wrote in decides. The `script`
 * option overrides the script, and a Chinese reply's own words follow it,
 * so nothing in a reply mixes scripts.
 */
export function chooseVoice(req: VoiceRequest): Voice {
  const detected = req.text ? detectScript(req.text) : 'other';
  // Pinyin is Chinese typed without Chinese characters: answered in Chinese (simplified, the script pinyin goes with).
  const written = detected === 'other' && req.text && isPinyin(req.text) ? 'simplified' : detected;
  let lang: Lang =
    req.locale !== undefined && req.locale !== null
      ? langOfLocale(req.locale)
      : written !== 'other'
        ? langOfScript(written)
        : (req.fallback ?? 'en');
  let script: Script | null;
  if (req.script === 'simplified' || req.script === 'traditional') script = req.script;
  else if (req.script === 'original') script = null;
  // English replies still show Chinese in one script: the one typed, else simplified.
  else script = scriptOfLang(lang) ?? (written !== 'other' ? written : 'simplified');
  if (lang !== 'en' && script) lang = langOfScript(script);
  return { lang, script };
}
