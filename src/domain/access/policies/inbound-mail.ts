import { can, type Actor } from '../permissions.js';
import { mayReadCase, visibleTimeline } from './cases.js';

/**
 * What the actor may do with one inbound mail. An unmatched mail is made a case or discarded. An ignored mail (an
 * auto-reply, or a customer's mail over the hourly limit) may still be made a case, should it be a person's. A refused
 * mail is discarded, or made a case when it was read whole but failed to go in; a mail too large or unreadable has no
 * text to make a case of.
 */
export function inboundMailRights(actor: Actor, mail: { status: string; reason: string | null }): { assign: boolean; discard: boolean } {
  if (!can(actor, 'inbound-mail.manage')) return { assign: false, discard: false };
  switch (mail.status) {
    case 'unmatched':
      return { assign: true, discard: true };
    case 'ignored':
      return { assign: true, discard: false };
    case 'refused':
      return { assign: mail.reason === 'failed', discard: true };
    default:
      return { assign: false, discard: false };
  }
}

/** Staff who sort mail see its raw source; nobody else reads inbound mail at all. */
export function mayReadInboundMail(actor: Actor): boolean {
  return can(actor, 'inbound-mail.read');
}

/** What the policy needs of a mail that came in on a case: the case's organisation, and whether the actor sent it. */
export interface CaseMailRecord {
  organizationId: string;
  /** The mail came from the actor's own address (their account's, or their contact's). */
  sentByActor: boolean;
}

/**
 * The original of a mail on a case (the one that opened it, a mailed reply, a bounce) is read by whoever reads the
 * case's internal timeline; a customer reads only a mail of their own. For anyone else it does not exist (404).
 */
export function mayReadCaseMail(actor: Actor, mail: CaseMailRecord): boolean {
  if (!mayReadCase(actor, mail)) return false;
  return visibleTimeline(actor) === 'all' || mail.sentByActor;
}
