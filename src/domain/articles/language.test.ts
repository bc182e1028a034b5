import { describe, expect, it } from 'vitest';
import { pickArticleLanguage } from './language.js';

describe('article language for a reader', () => {
  it.each([
    ['en', ['en', 'zh-CN'], { language: 'en', fallback: false }],
    ['zh-CN', ['en', 'zh-CN'], { language: 'zh-CN', fallback: false }],
    ['zh-CN', ['en'], { language: 'en', fallback: true }],
    ['en', ['zh-CN'], { language: 'zh-CN', fallback: true }],
    ['en', ['en'], { language: 'en', fallback: false }],
    ['en', [], null],
  ] as const)('a %s reader of an article in %j gets %j', (wanted, available, expected) => {
    expect(pickArticleLanguage(wanted, available)).toEqual(expected);
  });
});
