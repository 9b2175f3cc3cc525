import { describe, expect, it } from 'vitest';
import { cleanLine, isFurniture, isLabelLike, joinBrokenParagraphs, removeGarbage } from '../../src/corpus/clean.js';

describe('cleanLine', () => {
  it('removes pinyin annotations after characters, in ASCII or full-width parentheses', () => {
    expect(cleanLine('省委書(shū)記沈曉明主持召開(kāi)省委常委會(huì)會(huì)議')).toBe('省委書記沈曉明主持召開省委常委會會議');
    expect(cleanLine('發（fā）展')).toBe('發展');
  });

  it('keeps parentheses that are not pinyin', () => {
    expect(cleanLine('省委常委会(扩大)会议')).toBe('省委常委会(扩大)会议');
    expect(cleanLine('中车时代半导体(IGBT)产业园')).toBe('中车时代半导体(IGBT)产业园');
    expect(cleanLine('各县(区)督导')).toBe('各县(区)督导');
  });

  it('removes markup, entities and cut tags', () => {
    expect(cleanLine('a>')).toBe('');
    expect(cleanLine('<p>会议&nbsp;还研究了<b>其他</b>事项。</p>')).toBe('会议 还研究了其他事项。');
    expect(cleanLine('见[湖南日报](https://example.com)报道![图](x.jpg)')).toBe('见湖南日报报道');
  });

  it('normalises whitespace, including full-width indentation', () => {
    expect(cleanLine('\u3000\u3000會議指出,\u00a0\u00a0要落實。  ')).toBe('會議指出, 要落實。');
  });
});

describe('removeGarbage', () => {
  it('drops a lost character and its broken annotation', () => {
    expect(removeGarbage('湖南日?qǐng)?bào)10月27日訊')).toBe('湖南日10月27日訊');
  });

  it('reads back characters a one-byte shift garbled, and nothing else', () => {
    // 保“發 in GB18030 is B1 A3 A1 B0 B0 6C; read from its second byte it shows as ?!鞍l.
    expect(removeGarbage('確?!鞍l(fā)展')).toBe('確發展');
    // 為宏偉實 is 9E E9 BA EA 82 A5 8C 8D; 楹陚 + U+E691 are E9 BA EA 82 A5 8C, which hold 宏偉.
    expect(removeGarbage('變?yōu)楹陚\ue691?shí)景')).toBe('變宏偉景');
  });

  it('drops garbage that cannot be read back', () => {
    expect(removeGarbage('那\ufffd社會')).toBe('那社會');
    expect(removeGarbage('深水?區')).toBe('深水區');
  });

  it('keeps real question marks', () => {
    expect(removeGarbage('如何完成全年目标任务?')).toBe('如何完成全年目标任务?');
    expect(removeGarbage('你去哪?我在家。')).toBe('你去哪?我在家。');
    expect(removeGarbage('What? Yes.')).toBe('What? Yes.');
  });
});

describe('joinBrokenParagraphs', () => {
  it('rejoins a sentence a page break cut', () => {
    expect(joinBrokenParagraphs(['会议以视频形式开到县一级。省委副', '书记、省长毛伟明出席会议并强调。'])).toEqual([
      '会议以视频形式开到县一级。省委副书记、省长毛伟明出席会议并强调。',
    ]);
  });

  it('keeps a character repeated on both sides of the break once', () => {
    expect(joinBrokenParagraphs(['开展行动。各级各部门', '门要深刻理解。'])).toEqual(['开展行动。各级各部门要深刻理解。']);
  });

  it('keeps apart paragraphs that only lack their full stop', () => {
    const paragraphs = ['长沙市今天召开会议，研究部署工作', '会后，代表们参观了展览。', '会议要求各地抓好落实', '这是今年的第三次会议。'];
    expect(joinBrokenParagraphs(paragraphs)).toEqual(paragraphs);
  });

  it('does not take a repeated character that opens a word of its own for a break (工作 + 作为)', () => {
    const paragraphs = ['会议研究部署了工作', '作为重点，各地要抓好落实。'];
    expect(joinBrokenParagraphs(paragraphs)).toEqual(paragraphs);
  });

  it('rejoins a break in traditional text', () => {
    expect(joinBrokenParagraphs(['會議開到縣一級。省委副', '書記、省長毛偉明出席。'])).toEqual(['會議開到縣一級。省委副書記、省長毛偉明出席。']);
  });

  it('leaves finished paragraphs, lead-ins, labels and list items alone', () => {
    const paragraphs = ['会议还研究了其他事项。', '有6个突出重点——', '重点工作落实', '产业项目建设', '主题很明确——', '深入学习。'];
    expect(joinBrokenParagraphs(paragraphs)).toEqual(paragraphs);
  });
});

describe('page furniture', () => {
  it('recognises navigation, share widgets, footers and counters', () => {
    for (const line of ['首页 > 新闻 > 湖南要闻', 'News center', '分享到微信朋友圈', '打开微信,点击 “ 发现 ” ,使用 “ 扫一扫 ” 即可将网页分享至朋友圈。', '扫码看视频', 'ICP備案號:湘ICP備17016663號-1', '您是第 位來訪者', '湘公網安備 43010302001771號', '32878025', '……']) {
      expect(isFurniture(line), line).toBe(true);
    }
  });

  it('does not take text for furniture', () => {
    for (const line of ['会议还研究了其他事项。', '一分部署,九分落实。', '重点工作落实', '全年共接待访客1200万人次。', '该项目已完成备案。', '专家组提供技术支持。']) {
      expect(isFurniture(line), line).toBe(false);
    }
    const long = '他打开微信朋友圈分享了这条新闻，' + '会议强调要深入学习贯彻习近平总书记重要讲话精神，'.repeat(3);
    expect(isFurniture(long)).toBe(false);
  });

  it('tells labels from sentences', () => {
    expect(isLabelLike('时间表')).toBe(true);
    expect(isLabelLike('一分部署,九分落实。')).toBe(false);
  });
});
