import { expect, it } from 'vitest';
import { isOrdinaryWord } from '../../src/text/segment.js';

it('tells an ordinary word read as a name (任期 in 卡特任期之内) from a name jieba does not know or tags as one', () => {
  expect(isOrdinaryWord('任期')).toBe(true);
  expect(isOrdinaryWord('周到')).toBe(true);
  for (const name of ['毛伟明', '沈晓明', '李殿勋', '詹姆斯', '刘尚文']) expect(isOrdinaryWord(name)).toBe(false);
});
