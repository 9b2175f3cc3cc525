import { describe, expect, it } from 'vitest';
import { NORMALIZATION_ID, normalizeForMatch } from '../../src/text/normalize.js';
import { bigrams, UserDictionary, words } from '../../src/text/segment.js';

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
  it('keeps user words whole, leftmost then longest, whatever was segmented before', () => {
    const names = new UserDictionary(['王一鸥', '王一', '李建中']);
    expect(words('会议由王一鸥主持', names)).toEqual(['会议', '王一鸥', '主持']);
    expect(words('会议由王一鸥主持')).not.toContain('王一鸥');
    expect(names.split('李建中、王一鸥').filter((p) => p.word).map((p) => p.text)).toEqual(['李建中', '王一鸥']);
    // No process-wide dictionary: the same text and words give the same tokens in any order of calls.
    expect(words('会议由王一鸥主持', new UserDictionary(['王一鸥']))).toEqual(words('会议由王一鸥主持', names));
  });
});
