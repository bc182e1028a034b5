import { can, type Actor } from '../permissions.js';
import { mayReadCase } from './cases.js';

/** What the policy needs of a delivered product (a configuration item with its serial number): its organisation. */
export interface AssetRecord {
  organizationId: string;
}

const scopeOf = (record: AssetRecord) => ({ organizationId: record.organizationId });

/** Staff read every product; a customer their own organisation's (another one's does not exist for them). */
export function mayReadAsset(actor: Actor, record: AssetRecord): boolean {
  return can(actor, 'assets.read', scopeOf(record));
}

/** Recording a product for an organisation: the editors (secretary, manager, admin). */
export function mayCreateAsset(actor: Actor, record: AssetRecord): boolean {
  return can(actor, 'assets.manage', scopeOf(record));
}

/** Changing a product's configuration record: the editors. */
export function mayChangeAsset(actor: Actor, record: AssetRecord): boolean {
  return can(actor, 'assets.manage', scopeOf(record));
}

/**
 * Which of the cases that named a product's serial number its history shows: those the actor may read. A serial
 * may have been named on a case of another organisation (typed wrong, or before an exchange); a customer never
 * sees that one.
 */
export function mayListCaseInProductHistory(actor: Actor, caseRecord: { organizationId: string }): boolean {
  return mayReadCase(actor, caseRecord);
}
