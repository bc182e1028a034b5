import { describe, expect, it } from 'vitest';
import { caseNumberInSubject, decideInboundMail, type InboundDecision, type InboundFacts } from './inbound-decision.js';
import { trimQuotedHistory } from './quoted-text.js';

const person = { autoSubmitted: null, precedence: null, autoReplyHeader: false };
const base: InboundFacts = {
  from: 'li.wei@acme.example',
  ownAddresses: ['support@casedesk.example'],
  loop: person,
  isDeliveryReport: false,
  bouncedOutboxId: null,
  recentFromSender: 0,
  rateLimit: 20,
  senderContacts: [{ contactId: 'contact-acme', organizationId: 'acme' }],
  threadedCase: null,
  subjectCase: null,
};
const acmeCase = { id: 'case-acme', organizationId: 'acme', status: 'in_progress' as const };
const otherCase = { id: 'case-other', organizationId: 'other', status: 'in_progress' as const };

describe('what an inbound mail becomes', () => {
  const table: [string, Partial<InboundFacts>, InboundDecision][] = [
    ['a known contact, not a reply → new case', {}, { kind: 'new-case', organizationId: 'acme', contactId: 'contact-acme' }],
    ['an unknown sender → unmatched', { senderContacts: [] }, { kind: 'unmatched', reason: 'unknown-sender' }],
    [
      'a sender who is a contact of two organisations → unmatched',
      { senderContacts: [...base.senderContacts, { contactId: 'c2', organizationId: 'other' }] },
      { kind: 'unmatched', reason: 'ambiguous-sender' },
    ],
    [
      'a retired contact, not a reply → unmatched',
      { senderContacts: [{ contactId: 'contact-acme', organizationId: 'acme', retired: true }] },
      { kind: 'unmatched', reason: 'retired-sender' },
    ],
    [
      'a reply from a retired contact → unmatched',
      { senderContacts: [{ contactId: 'contact-acme', organizationId: 'acme', retired: true }], threadedCase: acmeCase },
      { kind: 'unmatched', reason: 'retired-sender' },
    ],
    [
      'a sender retired at one customer and active at another → a new case for the other',
      {
        senderContacts: [
          { contactId: 'contact-acme', organizationId: 'acme', retired: true },
          { contactId: 'c2', organizationId: 'other' },
        ],
      },
      { kind: 'new-case', organizationId: 'other', contactId: 'c2' },
    ],
    [
      'a reply threaded by headers',
      { threadedCase: acmeCase },
      { kind: 'reply', caseId: 'case-acme', contactId: 'contact-acme', reopen: false },
    ],
    [
      'a reply threaded by the subject',
      { subjectCase: acmeCase },
      { kind: 'reply', caseId: 'case-acme', contactId: 'contact-acme', reopen: false },
    ],
    [
      'headers win over the subject',
      { threadedCase: acmeCase, subjectCase: otherCase },
      { kind: 'reply', caseId: 'case-acme', contactId: 'contact-acme', reopen: false },
    ],
    [
      'a subject naming another organisation’s case → unmatched',
      { subjectCase: otherCase },
      { kind: 'unmatched', reason: 'other-organization' },
    ],
    [
      'a subject naming a case, unknown sender → unmatched',
      { subjectCase: acmeCase, senderContacts: [] },
      { kind: 'unmatched', reason: 'unknown-sender' },
    ],
    [
      'a reply to a resolved case reopens it',
      { threadedCase: { ...acmeCase, status: 'resolved' } },
      { kind: 'reply', caseId: 'case-acme', contactId: 'contact-acme', reopen: true },
    ],
    [
      'a reply to a confirmed case reopens it',
      { threadedCase: { ...acmeCase, status: 'confirmed' } },
      { kind: 'reply', caseId: 'case-acme', contactId: 'contact-acme', reopen: true },
    ],
    [
      'a reply to a closed case → a new case that refers to it',
      { threadedCase: { ...acmeCase, status: 'closed' } },
      { kind: 'follow-up-case', closedCaseId: 'case-acme', organizationId: 'acme', contactId: 'contact-acme' },
    ],
    ['our own address as sender → ignored', { from: 'support@casedesk.example' }, { kind: 'ignored', reason: 'own-address' }],
    [
      'Auto-Submitted: auto-replied → ignored',
      { loop: { ...person, autoSubmitted: 'auto-replied' } },
      { kind: 'ignored', reason: 'auto-submitted' },
    ],
    [
      'Auto-Submitted: no → a person',
      { loop: { ...person, autoSubmitted: 'No' } },
      { kind: 'new-case', organizationId: 'acme', contactId: 'contact-acme' },
    ],
    ['Precedence: bulk → ignored', { loop: { ...person, precedence: 'bulk' } }, { kind: 'ignored', reason: 'precedence' }],
    ['Precedence: junk → ignored', { loop: { ...person, precedence: 'JUNK' } }, { kind: 'ignored', reason: 'precedence' }],
    ['Precedence: auto_reply → ignored', { loop: { ...person, precedence: 'auto_reply' } }, { kind: 'ignored', reason: 'precedence' }],
    ['X-Autoreply → ignored', { loop: { ...person, autoReplyHeader: true } }, { kind: 'ignored', reason: 'auto-reply' }],
    ['the 21st mail within the hour → ignored', { recentFromSender: 20 }, { kind: 'ignored', reason: 'rate-limited' }],
    [
      'the 20th mail within the hour → taken',
      { recentFromSender: 19 },
      { kind: 'new-case', organizationId: 'acme', contactId: 'contact-acme' },
    ],
    [
      'a delivery report about one of our mails → bounce, even though auto-submitted',
      { isDeliveryReport: true, bouncedOutboxId: 'outbox-1', loop: { ...person, autoSubmitted: 'auto-replied' } },
      { kind: 'bounce', outboxId: 'outbox-1' },
    ],
    ['a delivery report about a mail we do not know → ignored', { isDeliveryReport: true }, { kind: 'ignored', reason: 'unknown-bounce' }],
  ];
  it.each(table)('%s', (_name, facts, expected) => {
    expect(decideInboundMail({ ...base, ...facts })).toEqual(expected);
  });

  it('reads the case number from the subject', () => {
    expect(caseNumberInSubject('Re: [C-2026-000123] Printer down')).toBe('C-2026-000123');
    expect(caseNumberInSubject('C-2026-000123 without brackets')).toBeNull();
  });
});

describe('the new part of a reply', () => {
  it('drops quoted history and signatures in English and Chinese mail programs', () => {
    expect(trimQuotedHistory('Still broken.\n\nOn Mon, 1 Jun 2026 at 10:00, Support <s@x> wrote:\n> Fixed?')).toBe('Still broken.');
    expect(trimQuotedHistory('Thanks\n-- \nLi Wei\nAcme')).toBe('Thanks');
    expect(trimQuotedHistory('好的\r\n\r\n发件人: 支持\r\n主题: 回复')).toBe('好的');
    expect(trimQuotedHistory('ok\n-----Original Message-----\nold')).toBe('ok');
    expect(trimQuotedHistory('Line one\nline two')).toBe('Line one\nline two');
    expect(trimQuotedHistory('> only a quote')).toBe('> only a quote');
  });
});
