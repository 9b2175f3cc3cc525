import { describe, expect, it } from 'vitest';
import { detectScript, normalizeForMatch, toTraditional } from '../../src/text/normalize.js';
import { bigrams, words } from '../../src/text/segment.js';

describe('normalisation for matching', () => {
  it('gives traditional and simplified text the same key', () => {
    expect(normalizeForMatch('毛偉明主持省政府黨組會議')).toBe(normalizeForMatch('毛伟明主持省政府党组会议'));
  });
  it('rewrites Taiwan phrases, full-width forms and case', () => {
    expect(normalizeForMatch('軟體')).toBe('软件');
    expect(normalizeForMatch('ＡＢＣ１２３')).toBe('abc123');
  });
  it('detects the script of a text', () => {
    expect(detectScript('毛偉明在全省市州長視頻會上強調')).toBe('traditional');
    expect(detectScript('毛伟明在全省市州长视频会上强调')).toBe('simplified');
    expect(detectScript('What did he say?')).toBe('other');
    expect(toTraditional('发展')).toBe('發展');
  });
});

describe('segmentation', () => {
  it('makes bigrams of Han runs and keeps Latin words whole', () => {
    expect(bigrams('湖南日报 igbt')).toEqual(['湖南', '南日', '日报', 'igbt']);
  });
  it('drops single-character words, which the bigram field already covers', () => {
    expect(words('毛伟明在全省强调')).not.toContain('在');
    expect(words('毛伟明在全省强调')).toContain('强调');
  });
});
