import { describe, expect, it } from 'vitest';
import { detectScript, documentScript, scriptCounts, toScript, toSimplified, toTraditional } from '../../src/corpus/script.js';

describe('the script module', () => {
  it('detects the script of a text', () => {
    expect(detectScript('毛偉明在全省市州長視頻會上強調')).toBe('traditional');
    expect(detectScript('毛伟明在全省市州长视频会上强调')).toBe('simplified');
    expect(detectScript('What did he say?')).toBe('other');
    expect(documentScript('What did he say?')).toBe('simplified');
  });

  it('converts names and roles character for character', () => {
    expect(toSimplified('毛偉明 省委副書記')).toBe('毛伟明 省委副书记');
    expect(toTraditional('发展')).toBe('發展');
  });

  it('gives display text in one clean script, words that decide a character read in context', () => {
    const simplified = '省委书记沈晓明来到衡阳。著名的湖南省人民政府门户网站，头发，后来。';
    const traditional = toScript(simplified, 'traditional');
    expect(traditional).toBe('省委書記沈曉明來到衡陽。著名的湖南省人民政府門戶網站，頭髮，後來。');
    expect(scriptCounts(traditional).simplified).toBe(0);
    const back = toScript(traditional, 'simplified');
    expect(back).toBe(simplified);
    expect(scriptCounts(back).traditional).toBe(0);
    // A mixed text is seen as mixed.
    const mixed = scriptCounts('省委书记 省委書記');
    expect(mixed.simplified).toBeGreaterThan(0);
    expect(mixed.traditional).toBeGreaterThan(0);
  });

  it('keeps the length of the text, so marked ranges carry over', () => {
    const text = '4月27日上午，全省市州长视频会在长沙召开。省委副书记、省长毛伟明在会上强调，要全面实施“三高四新”美好蓝图。';
    expect([...toScript(text, 'traditional')].length).toBe([...text].length);
  });
});
