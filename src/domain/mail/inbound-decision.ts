import { reopensOnCustomerReply, type CaseStatus } from '../cases/case-lifecycle.js';

/**
 * What an inbound mail becomes, decided from facts the service gathered (who sent it, which case its headers or
 * subject name, what its headers say about itself). Pure: no I/O, no clock.
 */

/** The headers that mark a mail as written by a machine; answering them would start a mail loop. */
export interface LoopHeaders {
  /** `Auto-Submitted` (RFC 3834); anything but `no` means a machine sent it. */
  autoSubmitted: string | null;
  /** `Precedence`: `bulk`, `junk`, `list` and `auto_reply` are not people writing. */
  precedence: string | null;
  /** `X-Autoreply` or `X-Autorespond` is present. */
  autoReplyHeader: boolean;
}

export interface CaseFacts {
  id: string;
  organizationId: string;
  status: CaseStatus;
}

export interface SenderContact {
  contactId: string;
  organizationId: string;
  /** The contact, or its customer, is retired: mail from them is not taken in on its own. */
  retired?: boolean;
}

export interface InboundFacts {
  /** Lower-case sender address. */
  from: string;
  /** CaseDesk's own addresses (lower case): mail from them is our own coming back. */
  ownAddresses: readonly string[];
  loop: LoopHeaders;
  /** A delivery status notification (`multipart/report; report-type=delivery-status`). */
  isDeliveryReport: boolean;
  /** The outbox message the report is about, when it names one of ours. */
  bouncedOutboxId: string | null;
  /** Mails this sender sent within the rate window before this one. */
  recentFromSender: number;
  rateLimit: number;
  /** Contacts whose e-mail is the sender's, in any organisation. */
  senderContacts: readonly SenderContact[];
  /** The case an `In-Reply-To`/`References` id leads to (one of our sent mails, or an earlier inbound mail of a case). */
  threadedCase: CaseFacts | null;
  /** The case whose number `[C-YYYY-NNNNNN]` is in the subject. */
  subjectCase: CaseFacts | null;
}

export const IGNORE_REASONS = ['own-address', 'auto-submitted', 'precedence', 'auto-reply', 'rate-limited', 'unknown-bounce'] as const;
export type IgnoreReason = (typeof IGNORE_REASONS)[number];

export const UNMATCHED_REASONS = ['unknown-sender', 'ambiguous-sender', 'other-organization', 'retired-sender'] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];

export type InboundDecision =
  | { kind: 'ignored'; reason: IgnoreReason }
  | { kind: 'bounce'; outboxId: string }
  | { kind: 'unmatched'; reason: UnmatchedReason }
  | { kind: 'new-case'; organizationId: string; contactId: string }
  /** A reply on a case that is still open, or resolved (then it reopens). */
  | { kind: 'reply'; caseId: string; contactId: string; reopen: boolean }
  /** A reply to a closed case: a new case that refers to it. */
  | { kind: 'follow-up-case'; closedCaseId: string; organizationId: string; contactId: string };

const MACHINE_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);

/** `Auto-Submitted: no` (or none) is a person; every other value is a machine. */
export function isAutoSubmitted(loop: LoopHeaders): boolean {
  return loop.autoSubmitted !== null && loop.autoSubmitted.trim().toLowerCase() !== 'no';
}

export function decideInboundMail(facts: InboundFacts): InboundDecision {
  if (facts.ownAddresses.includes(facts.from)) return { kind: 'ignored', reason: 'own-address' };
  // Reports come from mailer daemons that also mark themselves auto-submitted; they are looked at first.
  if (facts.isDeliveryReport)
    return facts.bouncedOutboxId ? { kind: 'bounce', outboxId: facts.bouncedOutboxId } : { kind: 'ignored', reason: 'unknown-bounce' };
  if (isAutoSubmitted(facts.loop)) return { kind: 'ignored', reason: 'auto-submitted' };
  if (facts.loop.precedence !== null && MACHINE_PRECEDENCE.has(facts.loop.precedence.trim().toLowerCase()))
    return { kind: 'ignored', reason: 'precedence' };
  if (facts.loop.autoReplyHeader) return { kind: 'ignored', reason: 'auto-reply' };
  if (facts.recentFromSender >= facts.rateLimit) return { kind: 'ignored', reason: 'rate-limited' };

  // A retired contact (or a contact of a retired customer) is known but not taken at their word: staff look first.
  const active = facts.senderContacts.filter((contact) => !contact.retired);
  const retiredOf = (organizationId: string | null) =>
    facts.senderContacts.some((contact) => contact.retired && (organizationId === null || contact.organizationId === organizationId));

  // Headers are trusted to name the case; the subject only together with a sender of that case's organisation.
  const target = facts.threadedCase ?? facts.subjectCase;
  if (target) {
    const contact = active.find((candidate) => candidate.organizationId === target.organizationId);
    if (!contact) {
      if (retiredOf(target.organizationId)) return { kind: 'unmatched', reason: 'retired-sender' };
      return { kind: 'unmatched', reason: facts.senderContacts.length === 0 ? 'unknown-sender' : 'other-organization' };
    }
    if (target.status === 'closed')
      return { kind: 'follow-up-case', closedCaseId: target.id, organizationId: target.organizationId, contactId: contact.contactId };
    return {
      kind: 'reply',
      caseId: target.id,
      contactId: contact.contactId,
      reopen: reopensOnCustomerReply(target.status),
    };
  }

  const organizations = new Set(active.map((contact) => contact.organizationId));
  if (organizations.size === 0) return { kind: 'unmatched', reason: retiredOf(null) ? 'retired-sender' : 'unknown-sender' };
  if (organizations.size > 1) return { kind: 'unmatched', reason: 'ambiguous-sender' };
  const contact = active[0]!;
  return { kind: 'new-case', organizationId: contact.organizationId, contactId: contact.contactId };
}

/** `Re: [C-2026-000123] Printer down` → `C-2026-000123`. */
export function caseNumberInSubject(subject: string): string | null {
  return /\[(C-\d{4}-\d{6})\]/.exec(subject)?.[1] ?? null;
}
