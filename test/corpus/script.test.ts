import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { characterCounts, detectScript, documentScript, scriptCounts, toScript, toSimplified, toTraditional } from '../../src/corpus/script.js';

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

  it('decides by the character table as converting in context does, phrases included', () => {
    const corpus = readdirSync('corpus').map((f) => readFileSync(path.join('corpus', f), 'utf8'));
    const texts = [
      ...corpus,
      ...corpus.map(toTraditional),
      ...corpus.map(toSimplified),
      // Characters a phrase keeps: 著 converts alone (着) but not in 著名, so this simplified text has no traditional character.
      '著名著名著名著名著名著名著名著名著名著名著名著名',
      '著名的学者，著名的作家，著名的画家，著名的歌手。',
      '头发头发头发头发头发头发',
      '皇后皇后皇后皇后皇后皇后，乾燥乾燥乾燥乾燥。',
      '省委书记 省委書記',
      '毛偉明在全省市州長視頻會上強調',
    ];
    for (const t of texts) {
      const inContext = scriptCounts(t);
      const table = characterCounts(t);
      // The counts read in context lie within the table's bounds.
      expect(inContext.traditional).toBeGreaterThanOrEqual(table.traditional);
      expect(inContext.traditional).toBeLessThanOrEqual(table.traditional + table.traditionalUncertain);
      expect(inContext.simplified).toBeGreaterThanOrEqual(table.simplified);
      expect(inContext.simplified).toBeLessThanOrEqual(table.simplified + table.simplifiedUncertain);
      expect(detectScript(t)).toBe(inContext.traditional > inContext.simplified ? 'traditional' : 'simplified');
    }
    expect(detectScript('著名著名著名著名著名著名著名著名著名著名著名著名')).toBe('simplified');
  });
});
