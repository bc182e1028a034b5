import { can, type Actor } from '../permissions.js';
import { mayReadCase, visibleTimeline } from './cases.js';

/** What the actor may do with one inbound mail: only a mail still unmatched is assigned or discarded. */
export function inboundMailRights(actor: Actor, mail: { status: string }): { assign: boolean; discard: boolean } {
  const open = mail.status === 'unmatched' && can(actor, 'inbound-mail.manage');
  return { assign: open, discard: open };
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
