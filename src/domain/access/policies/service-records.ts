import { can, type Actor } from '../permissions.js';
import { mayReadCase } from './cases.js';

/** What the policy needs of a customer service record: its case's organisation. */
export interface ServiceRecordRecord {
  organizationId: string;
}

/**
 * The service record is the customer's document of their case: whoever may read the case reads it (and its PDF),
 * a customer of another organisation does not. Who confirms it is the case policy's `mayConfirmServiceRecord`.
 */
export function mayReadServiceRecord(actor: Actor, record: ServiceRecordRecord): boolean {
  return mayReadCase(actor, record);
}

/** Mailing the customer a link to confirm the record is part of working the case: staff. */
export function maySendConfirmationLink(actor: Actor, record: ServiceRecordRecord): boolean {
  return can(actor, 'cases.work', { organizationId: record.organizationId });
}
