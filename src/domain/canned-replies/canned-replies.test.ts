import { describe, expect, it } from 'vitest';
import {
  bodyIn,
  checkCannedReply,
  fillPlaceholders,
  rankCannedReplies,
  unknownPlaceholders,
  type CannedReplyScope,
  type PlaceholderValues,
} from './canned-replies.js';

const VALUES: PlaceholderValues = {
  customer: 'Harbour Bank',
  contact: 'Wang Fang',
  caseNumber: 'C-2026-000042',
  level: '2',
  engineer: 'Erin Engineer',
  hotline: '+86 10 5555 0100',
};

describe('canned reply placeholders', () => {
  it('fills every placeholder, also written with spaces, each occurrence', () => {
    const filled = fillPlaceholders(
      'Dear {{contact}} of {{ customer }}, case {{caseNumber}} (level {{level}}) is with {{engineer}}. Call {{hotline}}. — {{contact}}',
      VALUES,
    );
    expect(filled).toEqual({
      text: 'Dear Wang Fang of Harbour Bank, case C-2026-000042 (level 2) is with Erin Engineer. Call +86 10 5555 0100. — Wang Fang',
      missing: [],
    });
  });

  it('leaves a placeholder without a value visible and names it', () => {
    const filled = fillPlaceholders('您好 {{contact}}，请致电 {{hotline}}。', { ...VALUES, contact: null, hotline: '' });
    expect(filled).toEqual({ text: '您好 {{contact}}，请致电 {{hotline}}。', missing: ['contact', 'hotline'] });
  });

  it('does not touch braces that are no placeholder nor single braces', () => {
    expect(fillPlaceholders('{{nope}} {customer} {{customer}}', VALUES).text).toBe('{{nope}} {customer} Harbour Bank');
    expect(unknownPlaceholders('{{customer}} {{ custmer }} {{x}} {{x}} {customer}')).toEqual(['custmer', 'x']);
  });

  it('refuses an empty title, no text in either language, and an unknown placeholder naming the language', () => {
    const body = { en: 'Hello {{contact}}', 'zh-CN': '' };
    expect(checkCannedReply({ title: 'Greeting', body })).toBeNull();
    expect(checkCannedReply({ title: 'Greeting', body: { en: '', 'zh-CN': '您好' } })).toBeNull();
    expect(checkCannedReply({ title: '  ', body })).toEqual({ field: 'title', reason: 'empty' });
    expect(checkCannedReply({ title: 'Greeting', body: { en: ' ', 'zh-CN': '' } })).toEqual({ field: 'body', reason: 'empty' });
    expect(checkCannedReply({ title: 'Greeting', body: { en: 'Hi', 'zh-CN': '您好 {{客户}}' } })).toEqual({
      field: 'body.zh-CN',
      reason: 'unknown-placeholder',
      placeholder: '客户',
    });
  });

  it('takes the other language when the reply is not written in the one asked for', () => {
    expect(bodyIn({ en: 'Hi', 'zh-CN': '您好' }, 'zh-CN')).toEqual({ language: 'zh-CN', text: '您好' });
    expect(bodyIn({ en: 'Hi', 'zh-CN': '' }, 'zh-CN')).toEqual({ language: 'en', text: 'Hi' });
    expect(bodyIn({ en: '', 'zh-CN': '您好' }, 'en')).toEqual({ language: 'zh-CN', text: '您好' });
  });

  it("ranks the case department's replies first, then the reader's own, then other departments'", () => {
    const reply = (title: string, scope: CannedReplyScope) => ({ title, scope });
    const replies = [
      reply('A other', { kind: 'department', departmentId: 'd2' }),
      reply('B mine', { kind: 'personal', ownerId: 'u1' }),
      reply('C case', { kind: 'department', departmentId: 'd1' }),
      reply('A case', { kind: 'department', departmentId: 'd1' }),
    ];
    expect(rankCannedReplies(replies, 'd1').map((item) => item.title)).toEqual(['A case', 'C case', 'B mine', 'A other']);
    expect(rankCannedReplies(replies, null).map((item) => item.title)).toEqual(['B mine', 'A case', 'A other', 'C case']);
  });
});
