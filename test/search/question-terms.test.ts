import { describe, expect, it } from 'vitest';
import { recutSlips } from '../../src/search/question-terms.js';

describe('recutSlips: jieba slips at a word edge mended by the corpus’s words', () => {
  const corpus = (words: string[]) => (w: string) => words.includes(w);

  it('moves the cut by one character when both halves are words of the corpus', () => {
    expect(recutSlips(['湖南省', '长是'], corpus(['湖南', '省长']))).toEqual(['湖南', '省长', '是']);
    expect(recutSlips(['湖南省', '长'], corpus(['湖南', '省长']))).toEqual(['湖南', '省长']);
    // The slip on the other side of a long word.
    expect(recutSlips(['副', '省长沙'], corpus(['副省', '长沙']))).toEqual(['副省', '长沙']);
  });

  it('keeps jieba’s cut when the corpus does not bear the other one out', () => {
    // 省长 is no word of this corpus.
    expect(recutSlips(['湖南省', '长是'], corpus(['湖南']))).toEqual(['湖南省', '长是']);
    // What would be left of the long word is no word.
    expect(recutSlips(['湖南省', '长是'], corpus(['省长']))).toEqual(['湖南省', '长是']);
    // The neighbour is a word of the corpus itself: nothing slipped.
    expect(recutSlips(['湖南省', '长沙'], corpus(['湖南', '省长', '长沙']))).toEqual(['湖南省', '长沙']);
    // Two-character words are left alone.
    expect(recutSlips(['湖南', '长是'], corpus(['湖', '南长']))).toEqual(['湖南', '长是']);
  });
});
