import { describe, expect, it } from 'vitest';
import { NORMALIZATION_ID, normalizeForMatch } from '../../src/text/normalize.js';
import { bigrams, words } from '../../src/text/segment.js';

describe('normalisation for matching', () => {
  it('gives traditional and simplified text the same key', () => {
    expect(normalizeForMatch('毛偉明主持省政府黨組會議')).toBe(normalizeForMatch('毛伟明主持省政府党组会议'));
  });
  it('rewrites Taiwan phrases, full-width forms and case', () => {
    expect(normalizeForMatch('軟體')).toBe('软件');
    expect(normalizeForMatch('ＡＢＣ１２３')).toBe('abc123');
  });
  it('keeps the key the index was built with', () => {
    expect(NORMALIZATION_ID).toBe('nfkc+lower+opencc:twp->cn');
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
