import { describe, expect, it } from 'vitest';
import { CJK_RANGES, cjkBigrams, isCjkBigram, isCjkCharacter } from './cjk-bigrams.js';

describe('cjkBigrams', () => {
  it.each([
    ['', []],
    ['printer jams', []],
    ['耗', []],
    ['端口', ['端口']],
    ['核心交换机端口故障', ['核心', '心交', '交换', '换机', '机端', '端口', '口故', '故障']],
    // A space, a digit, a Latin letter or punctuation ends a run: no bigram spans two runs.
    ['端口 故障', ['端口', '故障']],
    ['端口\u3000故障', ['端口', '故障']],
    ['24号端口不通。风扇故障', ['号端', '端口', '口不', '不通', '风扇', '扇故', '故障']],
    ['电源A耗尽', ['电源', '耗尽']],
    ['内存😀耗尽', ['内存', '耗尽']],
    // Each bigram once, in the order it first appears.
    ['故障故障', ['故障', '障故']],
    // Kana, hangul, the iteration mark; the katakana middle dot is punctuation.
    ['ファン・モーター', ['ファ', 'ァン', 'モー', 'ータ', 'ター']],
    ['ひらがな', ['ひら', 'らが', 'がな']],
    ['전원 장애', ['전원', '장애']],
    ['人々', ['人々']],
    // Outside the ranges: Han extension B (astral), Kangxi radicals, full-width Latin letters.
    ['𠀀𠀁', []],
    ['⼀⼁', []],
    ['ＡＢ', []],
  ])('%j → %j', (text, bigrams) => {
    expect(cjkBigrams(text)).toEqual(bigrams);
  });

  it('finds a two-character CJK term in a text exactly when it is a bigram of the text', () => {
    const texts = ['机房二楼，核心交换机的 24 号端口不通。', '端口 故障', 'ファン・モーター', 'UPS 电池耗尽，风扇故障'];
    const terms = ['端口', '口故', '口不', '耗尽', '池耗', 'ン・', 'モー', '二楼', '楼，'];
    for (const text of texts) {
      for (const term of terms.filter(isCjkBigram)) expect(cjkBigrams(text).includes(term), `${term} in ${text}`).toBe(text.includes(term));
    }
  });
});

describe('isCjkBigram', () => {
  it.each([
    ['端口', true],
    ['耗尽', true],
    ['전원', true],
    ['ファ', true],
    ['耗', false],
    ['交换机', false],
    ['ab', false],
    ['端a', false],
    ['口，', false],
    ['ン・', false],
    ['😀😀', false],
    ['𠀀𠀁', false],
  ])('%j → %j', (term, expected) => {
    expect(isCjkBigram(term)).toBe(expected);
  });

  it('takes the ends of every range, and no punctuation or space', () => {
    for (const [from, to] of CJK_RANGES) {
      expect(isCjkCharacter(String.fromCodePoint(from))).toBe(true);
      expect(isCjkCharacter(String.fromCodePoint(to))).toBe(true);
    }
    for (const character of ['、', '。', '，', '・', '゠', '〜', '「', '\u3000', ' ', 'a', '1', '😀'])
      expect(isCjkCharacter(character), character).toBe(false);
  });
});
