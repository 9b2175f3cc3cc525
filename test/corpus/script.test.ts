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

  it('writes the place names OpenCC gets wrong in some contexts as the table has them, in both directions, whatever comes before or after', () => {
    const { names } = JSON.parse(readFileSync(path.resolve('src/corpus/script-names.json'), 'utf8')) as { names: Record<string, string> };
    expect(Object.keys(names)).toEqual(expect.arrayContaining(['岳阳', '岳塘', '里耶']));
    // Every character of the bundled corpus before and after each name: 湖南岳阳 read 湖南嶽陽 by OpenCC's phrase 南岳.
    const corpus = readdirSync('corpus').map((f) => readFileSync(path.join('corpus', f), 'utf8')).join('');
    const chars = [...new Set([...toSimplified(corpus)].filter((c) => /\p{Script=Han}/u.test(c)))];
    for (const [simplified, traditional] of Object.entries(names)) {
      expect([...traditional]).toHaveLength([...simplified].length); // marks carry over
      for (const c of chars) {
        for (const [before, after] of [[c, ''], ['', c]] as Array<[string, string]>) {
          const shownT = toScript(`${before}${simplified}${after}`, 'traditional');
          expect(shownT.slice(before.length, before.length + traditional.length), `${before}${simplified}${after} → ${shownT}`).toBe(traditional);
          const tBefore = toScript(before, 'traditional');
          const tAfter = toScript(after, 'traditional');
          const shownS = toScript(`${tBefore}${traditional}${tAfter}`, 'simplified');
          expect(shownS.slice(tBefore.length, tBefore.length + simplified.length), `${tBefore}${traditional}${tAfter} → ${shownS}`).toBe(simplified);
          // Text already in the reader's script keeps the name too.
          expect(toScript(`${tBefore}${traditional}${tAfter}`, 'traditional')).toContain(traditional);
        }
      }
    }
    expect(toScript('走进湖南岳阳绿色化工产业园', 'traditional')).toBe('走進湖南岳陽綠色化工產業園');
    expect(toScript('走進湖南岳陽綠色化工產業園', 'simplified')).toBe('走进湖南岳阳绿色化工产业园');
    expect(toScript('湘潭市岳塘区、龙山县里耶镇', 'traditional')).toBe('湘潭市岳塘區、龍山縣里耶鎮');
    // Other words are converted as before, the mountain's 嶽 included.
    expect(toScript('岳麓山下，南岳衡山', 'traditional')).toBe('嶽麓山下，南嶽衡山');
  });

  it('shows the bundled corpus\'s 岳阳 as 岳陽 in every passage of 003, never 嶽陽', () => {
    const text = readFileSync(path.join('corpus', '003_3b49a103faae7710.txt'), 'utf8');
    const shown = toScript(text, 'traditional');
    expect(text.match(/岳阳/g)).toHaveLength(6);
    expect(shown.match(/岳陽/g)).toHaveLength(6);
    expect(shown).not.toContain('嶽陽');
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
