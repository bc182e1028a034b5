import { can, type Actor, type Permission } from '../../domain/access/permissions.js';
import type { Executor } from '../../storage/db.js';
import { findCaseById, findCaseForUpdate, type CaseRow } from '../../storage/repositories/cases.js';
import { forbidden, notFound } from '../errors.js';

/**
 * Loads a case the actor may act on. A case of another organisation does not exist for a customer (404); a staff
 * role without the permission gets 403.
 */
export async function loadCaseFor(
  executor: Executor,
  actor: Actor,
  id: string,
  permission: Permission,
  options: { lock?: boolean } = {},
): Promise<CaseRow> {
  const row = options.lock ? await findCaseForUpdate(executor, id, true) : await findCaseById(executor, id);
  if (!row) throw notFound('case', id);
  if (!can(actor, 'cases.read', { organizationId: row.organization_id })) throw notFound('case', id);
  if (!can(actor, permission, { organizationId: row.organization_id })) throw forbidden();
  return row;
}

/** Case-level abilities sent with the case, so the web app shows only the buttons the server would accept. */
export const CASE_ABILITIES: Permission[] = [
  'cases.update',
  'cases.assign',
  'cases.transition',
  'cases.change-level',
  'cases.work',
  'cases.note-internal',
  'cases.reply-public',
  'cases.authorize-remote',
  'escalations.read',
  'escalations.acknowledge',
  'vendor-escalations.manage',
];

export function caseAbilities(actor: Actor, row: Pick<CaseRow, 'organization_id'>): Permission[] {
  return CASE_ABILITIES.filter((permission) => can(actor, permission, { organizationId: row.organization_id }));
}
