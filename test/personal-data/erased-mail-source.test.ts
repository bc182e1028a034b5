import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { personalTextScrubber } from '../../src/domain/people/personal-texts.js';
import { mailSourceWithout } from '../../src/mail/erased-mail-source.js';

const PSEUDONYM = 'Former contact #k3f9';
const PLACEHOLDER = 'former-contact-k3f9@erased.invalid';
const scrubber = personalTextScrubber({ names: ['陈静'], emails: ['chen.jing@harbour.example'], phones: ['+8613800138000'] }, PSEUDONYM);
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const mail = (lines: string[]) => lines.join('\r\n');

describe('a stored mail rebuilt without a person', () => {
  it('leaves a mail that does not name them, decoded, as it is (null)', async () => {
    const raw = mail([
      'From: =?UTF-8?B?' + base64('王磊') + '?= <wang.lei@elsewhere.example>',
      'Subject: =?UTF-8?B?' + base64('打印机') + '?=',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64('三楼打印机卡纸。'),
      '',
    ]);
    expect(await mailSourceWithout(raw, scrubber, PLACEHOLDER)).toBeNull();
  });

  it('finds them only in a header no column keeps (Cc), and adds no Date or Message-ID the mail did not have', async () => {
    const raw = mail([
      'From: wang.lei@elsewhere.example',
      'To: support@casedesk.example',
      'Cc: =?UTF-8?B?' + base64('陈静') + '?= <chen.jing@harbour.example>',
      'Reply-To: =?UTF-8?B?' + base64('陈静') + '?= <CHEN.JING@harbour.example>',
      'Subject: printer',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Jam on floor 3.',
      '',
    ]);
    const rebuilt = await mailSourceWithout(raw, scrubber, PLACEHOLDER);
    expect(rebuilt).not.toBeNull();
    const parsed = await simpleParser(Buffer.from(rebuilt!, 'utf8'));
    expect(parsed.cc).toMatchObject({ value: [{ name: PSEUDONYM, address: PLACEHOLDER }] });
    expect(parsed.headers.has('reply-to')).toBe(false);
    expect(parsed.headers.has('date')).toBe(false);
    expect(parsed.headers.has('message-id')).toBe(false);
    expect(parsed.text?.trim()).toBe('Jam on floor 3.');
    expect(rebuilt).not.toMatch(/chen\.jing/i);
  });

  it('drops the returned mail of a delivery report, which quotes them', async () => {
    const raw = mail([
      'From: MAILER-DAEMON@mx.harbour.example',
      'To: support@casedesk.example',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce-1@mx.harbour.example>',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Your mail to chen.jing@harbour.example could not be delivered.',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Final-Recipient: rfc822; chen.jing@harbour.example',
      'Status: 5.1.1',
      '--r',
      'Content-Type: message/rfc822',
      '',
      'From: support@casedesk.example',
      'To: =?UTF-8?B?' + base64('陈静') + '?= <chen.jing@harbour.example>',
      'Subject: Case 2026-0042',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64('陈静您好，请回电 138 0013 8000。'),
      '--r--',
      '',
    ]);
    expect((await simpleParser(Buffer.from(raw, 'utf8'))).attachments.map((file) => file.contentType)).toEqual(['message/rfc822']);
    const rebuilt = await mailSourceWithout(raw, scrubber, PLACEHOLDER);
    expect(rebuilt).not.toBeNull();
    const parsed = await simpleParser(Buffer.from(rebuilt!, 'utf8'));
    expect(parsed.attachments).toEqual([]);
    expect(parsed.text).toContain(`Your mail to [${PSEUDONYM}] could not be delivered.`);
    expect(parsed.messageId).toBe('<bounce-1@mx.harbour.example>');
    expect(rebuilt).not.toMatch(/chen\.jing|13800138000|0013 8000/i);
    expect(JSON.stringify([[...parsed.headers], parsed.text, parsed.html])).not.toContain('陈静');
  });
});
