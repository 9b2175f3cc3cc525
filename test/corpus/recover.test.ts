import { describe, expect, it } from 'vitest';
import { dateFromLead, titleFromLead } from '../../src/corpus/articles.js';
import { parseDocument } from '../../src/corpus/index.js';
import { recoverOutlet } from '../../src/corpus/outlets.js';

describe('recovering what the text still tells', () => {
  it('recovers a known outlet with one character lost or garbled, in the script of the text', () => {
    expect(recoverOutlet('湖南日')).toBe('湖南日报');
    expect(recoverOutlet('湖南日', '湖南日10月27日訊')).toBe('湖南日報');
    expect(recoverOutlet('湖南曰报')).toBe('湖南日报');
    expect(recoverOutlet('三湘都报')).toBe('三湘都市报');
    expect(recoverOutlet('新华社北京')).toBe('新华社');
    // Too far from any known outlet, or too short to tell: nothing rather than a wrong outlet.
    expect(recoverOutlet('湖北日')).toBeNull();
    expect(recoverOutlet('长沙')).toBeNull();
  });

  it('takes a missing publish date from the lead, marked inferred, never with an invented year', () => {
    expect(dateFromLead('4月27日上午,全省市州长视频会在长沙召开。')).toEqual({ year: null, month: 4, day: 27, inferred: true });
    expect(dateFromLead('2023年4月27日,会议召开。')).toEqual({ year: 2023, month: 4, day: 27, inferred: true });
    expect(dateFromLead('连日来,湖南省领导下沉各市州督导。')).toBeNull();
    // A date deep in the lead is not the news's date.
    expect(dateFromLead('会议指出,要深入学习贯彻各项重要论述精神,全面落实好11月12日的部署。')).toBeNull();
  });

  it('makes a title from the first clause of the lead, after the dateline and by-line', () => {
    expect(titleFromLead('湖南日10月27日訊(全媒體記者 劉燕娟 張璐)27日下午,省委書記沈曉明主持召開省委常委會會議,傳達學習。')).toBe(
      '省委書記沈曉明主持召開省委常委會會議',
    );
    expect([...titleFromLead('一'.repeat(80) + '。')].length).toBe(30);
  });

  it('gives a damaged page its outlet, inferred date and inferred title', () => {
    const page = '湖南日10月27日讯(全媒体记者 刘燕娟)27日下午,省委书记沈晓明主持召开省委常委会会议。\n会议还研究了其他事项。\n';
    const { document } = parseDocument('damaged.txt', Buffer.from(page));
    const a = document!.articles[0]!;
    expect(a.source).toBe('湖南日报');
    expect(a.date).toEqual({ year: null, month: 10, day: 27 }); // the dateline gives it: not inferred
    expect(a.title).toBe('省委书记沈晓明主持召开省委常委会会议');
    expect(a.titleInferred).toBe(true);
    const undated = parseDocument('undated.txt', Buffer.from('4月27日上午,全省市州长视频会在长沙召开。\n毛伟明强调,要坚定信心。\n')).document!.articles[0]!;
    expect(undated.date).toEqual({ year: null, month: 4, day: 27, inferred: true });
  });

  it('takes the outlet of a photo credit when the page names none, marked inferred; a dateline outlet is not', () => {
    const credited = '近段时间,省领导密集赴市州调研。\n11月12日,沈晓明向果农了解柑橘种植销售情况。湖南日报全媒体记者 唐俊 摄\n沈晓明强调,要稳住经济。\n';
    const a = parseDocument('credited.txt', Buffer.from(credited)).document!.articles[0]!;
    expect(a.source).toBe('湖南日报');
    expect(a.sourceInferred).toBe(true);
    const dateline = '三湘都市报6月14日讯 今日下午,省委书记主持召开会议。\n6月14日,会议现场。湖南日报全媒体记者 唐俊 摄\n';
    const b = parseDocument('dateline.txt', Buffer.from(dateline)).document!.articles[0]!;
    expect(b.source).toBe('三湘都市报');
    expect(b.sourceInferred).toBeUndefined();
  });
});
