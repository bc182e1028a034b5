import { mayChangeAssetStatus, type AssetStatus } from '../../entitlement/product-status.js';
import { can, type Actor } from '../permissions.js';
import { isStaffRole } from '../roles.js';
import { mayReadCase } from './cases.js';
import { mayRecordCompensation, mayRecordExchange } from './entitlements.js';

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

/** Which of a product's fields the actor is shown. */
export interface AssetFields {
  /** The company's own notes on the product: staff only, never the customer's users. */
  notes: boolean;
}

/** A product's notes are the integrator's internal notes: every staff member who reads it sees them, a customer never. */
export function visibleAssetFields(actor: Actor, record: AssetRecord): AssetFields {
  return { notes: mayReadAsset(actor, record) && isStaffRole(actor.role) };
}

/** What the actor may do with a product, for its page to offer (the web app shows actions from this, never from the role). */
export interface AssetRights {
  edit: boolean;
  /** Move it to another of the customer's sites. */
  move: boolean;
  retire: boolean;
  reactivate: boolean;
  /** Record its exchange on one of the cases that named it (the page also needs such a case). */
  recordExchange: boolean;
  /** Record a compensation on one of the cases that named it (the page also needs such a case). */
  recordCompensation: boolean;
}

/**
 * A product in service may be edited, moved, retired and exchanged; a retired one edited and reactivated; an
 * exchanged one (its replacement carries on) only edited.
 */
export function assetRights(actor: Actor, record: AssetRecord & { status: AssetStatus }): AssetRights {
  const change = mayChangeAsset(actor, record);
  const inService = record.status === 'in-service';
  return {
    edit: change,
    move: change && inService,
    retire: change && inService && mayChangeAssetStatus(record.status),
    reactivate: change && record.status === 'retired',
    recordExchange: mayRecordExchange(actor, record) && record.status !== 'exchanged',
    recordCompensation: mayRecordCompensation(actor, record),
  };
}
