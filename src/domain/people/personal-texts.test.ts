import { describe, expect, it } from 'vitest';
import { personalTextScrubber, type PersonalValues } from './personal-texts.js';

const P = 'Former contact #ab12';

/** [what the row is about, the person, the text, the text after scrubbing] */
type Row = [string, PersonalValues, string, string];

const zhang: PersonalValues = { names: ['张伟'], emails: [], phones: [], otherNames: ['张伟明', '李张伟'] };
const zhangAlone: PersonalValues = { names: ['张伟'], emails: [], phones: [] };

describe('a Chinese name in Chinese texts (张伟, while 张伟明 and 李张伟 are other people CaseDesk knows)', () => {
  const rows: Row[] = [
    ['the name alone', zhang, '张伟', P],
    ['after a label, before a comma', zhang, '联系人张伟，电话 021-5555 0199', `联系人${P}，电话 021-5555 0199`],
    ['between Han words', zhang, '客户张伟来电反映丢包', `客户${P}来电反映丢包`],
    ['with a title after it', zhang, '张伟经理已确认', `${P}经理已确认`],
    ['written with a space', zhang, '已联系张 伟（明早上门）', `已联系${P}（明早上门）`],
    ['a full-width space', zhang, '张\u3000伟', P],
    ['in Latin text', zhang, 'Call 张伟 back', `Call ${P} back`],
    ['the longer name of another person', zhang, '张伟明来电', '张伟明来电'],
    ['the other person after a label', zhang, '联系人张伟明，电话…', '联系人张伟明，电话…'],
    ['the other person written with spaces', zhang, '张 伟 明', '张 伟 明'],
    ['another person whose name ends in it', zhang, '李张伟已到现场', '李张伟已到现场'],
    ['both people in one sentence', zhang, '张伟、张伟明和李张伟都在', `${P}、张伟明和李张伟都在`],
    ['the other person first', zhang, '致张伟明、张伟：', `致张伟明、${P}：`],
    ['the name twice', zhang, '张伟说张伟会来', `${P}说${P}会来`],
    ['in a JSON text after an escape', zhang, '{"body":"你好\\n张伟"}', `{"body":"你好\\n${P}"}`],
    ['nobody else known: a longer name cannot be told from the name and a word', zhangAlone, '张伟明来电', `${P}明来电`],
    [
      'another person spelt the same is the same name as far as a text can tell',
      { names: ['张伟'], emails: [], phones: [], otherNames: ['张 伟'] },
      '张伟来电',
      `${P}来电`,
    ],
  ];
  it.each(rows)('%s', (_about, values, text, expected) => {
    expect(personalTextScrubber(values, P).scrub(text)).toBe(expected);
  });
});

describe('names in Latin script, and the person erased being the longer name', () => {
  const anna: PersonalValues = { names: ['Anna Lee'], emails: [], phones: [], otherNames: ['Anna Lee Smith', 'Annabel Lee'] };
  const rows: Row[] = [
    ['whole words, any case and spacing', anna, 'anna  LEE called', `${P} called`],
    ['not inside a longer word', anna, 'Annabel Lee called', 'Annabel Lee called'],
    ['another person whose name holds it', anna, 'Anna Lee Smith called, then Anna Lee', `Anna Lee Smith called, then ${P}`],
    ['erasing 张伟明 leaves 张伟', { names: ['张伟明'], emails: [], phones: [], otherNames: ['张伟'] }, '张伟明和张伟', `${P}和张伟`],
    [
      'an address holding the name is replaced whole, before the name',
      { names: ['张伟'], emails: ['zhangwei@harbour.example'], phones: [], otherNames: ['张伟明'] },
      '张伟 <ZhangWei@harbour.example>，抄送张伟明',
      `${P} <[${P}]>，抄送张伟明`,
    ],
  ];
  it.each(rows)('%s', (_about, values, text, expected) => {
    expect(personalTextScrubber(values, P).scrub(text)).toBe(expected);
  });

  it('anchors stay the person’s own: another person’s name is no reason to read a row', () => {
    expect(personalTextScrubber(zhang, P).anchors).toEqual(['张']);
  });
});
