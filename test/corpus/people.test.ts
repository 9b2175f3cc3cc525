import { describe, expect, it } from 'vitest';
import { findPeopleWithRoles, mentionPeople, parseByline, parsePhotoCredit } from '../../src/corpus/people.js';

const people = (text: string) => findPeopleWithRoles(text).map(({ name, roles }) => ({ name, roles }));

describe('findPeopleWithRoles', () => {
  it('reads a role chain before a name', () => {
    expect(people('今日下午，省委书记、省人大常委会主任张庆伟主持召开省委常委会议')).toEqual([
      { name: '张庆伟', roles: ['省委书记', '省人大常委会主任'] },
    ]);
    expect(people('會議由省委副書記、省長、省政府黨組書記毛偉明主持。')).toEqual([
      { name: '毛偉明', roles: ['省委副書記', '省長', '省政府黨組書記'] },
    ]);
  });

  it('shares one role across a list of names', () => {
    expect(people('副省长李建中、王一鸥、蒋涤非分赴怀化、娄底、郴州督导')).toEqual([
      { name: '李建中', roles: ['副省长'] },
      { name: '王一鸥', roles: ['副省长'] },
      { name: '蒋涤非', roles: ['副省长'] },
    ]);
  });

  it('ends a two-character name where the next word starts', () => {
    expect(people('省总工会主席周农出席会议并讲话')).toEqual([{ name: '周农', roles: ['省总工会主席'] }]);
    expect(people('省委书记沈晓明、省长毛伟明出席')).toEqual([
      { name: '沈晓明', roles: ['省委书记'] },
      { name: '毛伟明', roles: ['省长'] },
    ]);
  });

  it('reads names written before an honorific', () => {
    expect(people('传达学习习近平总书记重要讲话和赵乐际同志调研讲话精神')).toEqual([
      { name: '习近平', roles: ['总书记'] },
      { name: '赵乐际', roles: [] },
    ]);
  });

  it('reads reporters in a by-line', () => {
    expect(people('(全媒體記者 劉燕娟 張璐)27日下午')).toEqual([
      { name: '劉燕娟', roles: ['全媒體記者'] },
      { name: '張璐', roles: ['全媒體記者'] },
    ]);
  });

  it('does not take words after a role for names', () => {
    expect(people('省委常委会议研究部署。省委书记处。省长沙市。2008年省长会议')).toEqual([]);
  });
});

describe('mentionPeople', () => {
  it('finds later bare mentions with the role last seen, merging scripts by key', () => {
    const [first, second, third] = mentionPeople(['省委副书记、省长毛伟明出席。', '毛伟明指出，要抓落实。', '四周农田。']);
    expect(first).toEqual([{ name: '毛伟明', key: '毛伟明', roles: ['省委副书记', '省长'] }]);
    expect(second).toEqual([{ name: '毛伟明', key: '毛伟明', roles: ['省委副书记', '省长'] }]);
    expect(third).toEqual([]);
  });

  it('does not mistake a short name inside a word for a mention', () => {
    const [, second] = mentionPeople(['省总工会主席周农出席会议。', '四周农田一片金黄，周农指出要抓好生产。']);
    expect(second).toEqual([{ name: '周农', key: '周农', roles: ['省总工会主席'] }]);
  });
});

describe('by-lines and photo credits', () => {
  it('parses by-line lines', () => {
    expect(parseByline('■湖南日报全媒体记者 邓晶琨')).toEqual({
      reporters: ['邓晶琨'],
      photographers: [],
      outlet: '湖南日报',
      credits: [{ name: '邓晶琨', role: '全媒体记者' }],
      editors: [],
    });
    // An outlet with a character lost to damage is recovered from the list of known outlets.
    expect(parseByline('■湖南日全媒体记者 邓晶琨')).toMatchObject({ outlet: '湖南日报', credits: [{ name: '邓晶琨', role: '全媒体记者' }] });
    expect(parseByline('■湖南日报实习生 李明')).toMatchObject({ reporters: ['李明'], credits: [{ name: '李明', role: '实习生' }] });
    expect(parseByline('■全媒体记者 王智芳 通讯员 廖为')).toMatchObject({ reporters: ['王智芳', '廖为'], photographers: [], outlet: null });
    expect(parseByline('(文/孫敏堅 黃晗 圖/劉尚文)')).toMatchObject({
      reporters: ['孫敏堅', '黃晗'],
      photographers: ['劉尚文'],
      outlet: null,
      credits: [
        { name: '孫敏堅', role: '作者' },
        { name: '黃晗', role: '作者' },
        { name: '劉尚文', role: '摄影' },
      ],
    });
    // An editor is credited as such, not as an author.
    expect(parseByline('作者:周帙恒编辑:胡迎赢')).toMatchObject({
      reporters: ['周帙恒'],
      photographers: [],
      outlet: null,
      credits: [{ name: '周帙恒', role: '作者' }],
      editors: [{ name: '胡迎赢', role: '编辑' }],
    });
    expect(parseByline('責任編輯: 郭玟')).toMatchObject({ reporters: [], credits: [], editors: [{ name: '郭玟', role: '責任編輯' }] });
  });

  it('does not take sentences for by-lines', () => {
    expect(parseByline('会议还研究了其他事项。')).toBeNull();
    expect(parseByline('记者从省统计局获悉')).toBeNull();
  });

  it('parses a caption ending with a photo credit', () => {
    expect(parsePhotoCredit('11月12日,沈晓明向果农了解石门柑橘种植销售情况。湖南日报全媒体记者 唐俊 摄')).toEqual({
      photographers: ['唐俊'],
      outlet: '湖南日报',
    });
    expect(parsePhotoCredit('为下游市场保供清洁油品。彭展 李翼骏 摄')).toEqual({ photographers: ['彭展', '李翼骏'], outlet: null });
    expect(parsePhotoCredit('他一直坚持拍摄')).toBeNull();
  });
});
