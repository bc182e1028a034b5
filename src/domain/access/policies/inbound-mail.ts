import { can, type Actor } from '../permissions.js';

/** What the actor may do with one inbound mail: only a mail still unmatched is assigned or discarded. */
export function inboundMailRights(actor: Actor, mail: { status: string }): { assign: boolean; discard: boolean } {
  const open = mail.status === 'unmatched' && can(actor, 'inbound-mail.manage');
  return { assign: open, discard: open };
}

/** Staff who sort mail see its raw source; nobody else reads inbound mail at all. */
export function mayReadInboundMail(actor: Actor): boolean {
  return can(actor, 'inbound-mail.read');
}
