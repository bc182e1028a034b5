import { describe, expect, it } from 'vitest';
import { decimalWord, joinedWords, storedWording, wordIn, words } from './wording.js';

describe('texts worded when read', () => {
  const escalation = words('mail.escalation.subject', { number: 'C-2026-000001', level: 2, hours: decimalWord(3.25), title: 'UPS' });
  const scores = joinedWords([joinedWords([words('serviceLoop.questions.personnel'), 2], ' '), joinedWords(['x', 1], ' ')], ', ');

  it('words nested texts, decimals and lists in each language', () => {
    expect(wordIn('en', escalation)).toContain('3.3');
    expect(wordIn('en', escalation)).toContain('Escalation');
    expect(wordIn('zh-CN', escalation)).toContain('升级报告');
    expect(wordIn('en', scores)).toBe('Service personnel 2, x 1');
    expect(wordIn('zh-CN', scores)).not.toBe(wordIn('en', scores));
  });

  it('reads back what it stored, and nothing from JSON of another shape or naming a text the catalogue lacks', () => {
    const stored = JSON.stringify({ title: escalation, body: scores });
    expect(storedWording(stored, ['title', 'body'])).toEqual({ title: escalation, body: scores });
    expect(storedWording(null, ['title'])).toBeNull();
    expect(storedWording('not json', ['title'])).toBeNull();
    expect(storedWording(JSON.stringify({ title: { key: 'x', extra: 1 } }), ['title'])).toBeNull();
    expect(storedWording(JSON.stringify({ title: words('no.such.text') }), ['title'])).toBeNull();
    expect(storedWording(JSON.stringify({ title: 'plain' }), ['title', 'body'])).toBeNull();
  });
});
