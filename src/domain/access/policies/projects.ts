import { can, type Actor } from '../permissions.js';

/** What the policy needs of a delivered project (its configuration record and attachments): its organisation. */
export interface ProjectRecord {
  organizationId: string;
}

const scopeOf = (record: ProjectRecord) => ({ organizationId: record.organizationId });

/** Staff read every project; a customer their own organisation's (another one's does not exist for them). */
export function mayReadProject(actor: Actor, record: ProjectRecord): boolean {
  return can(actor, 'projects.read', scopeOf(record));
}

/** The attachments of a configuration record are read with it: the same readers, nobody else. */
export function mayReadProjectAttachments(actor: Actor, record: ProjectRecord): boolean {
  return mayReadProject(actor, record);
}

/** Recording a delivered project for an organisation: the editors (secretary, manager, admin). */
export function mayCreateProject(actor: Actor, record: ProjectRecord): boolean {
  return can(actor, 'projects.manage', scopeOf(record));
}

/** Changing a project's record and adding attachments to it: the editors. */
export function mayChangeProject(actor: Actor, record: ProjectRecord): boolean {
  return can(actor, 'projects.manage', scopeOf(record));
}

/** Closing a delivered project (retiring it) and reopening it: the editors. */
export function mayRetireProject(actor: Actor, record: ProjectRecord): boolean {
  return can(actor, 'projects.manage', scopeOf(record));
}
