import { can, type Actor } from '../permissions.js';
import { isStaffRole } from '../roles.js';

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

/** Which of a project's fields the actor is shown. */
export interface ProjectFields {
  /** The company's own notes on the delivery: staff only, never the customer's users. */
  notes: boolean;
}

/** A project's notes are the integrator's internal notes: every staff member who reads it sees them, a customer never. */
export function visibleProjectFields(actor: Actor, record: ProjectRecord): ProjectFields {
  return { notes: mayReadProject(actor, record) && isStaffRole(actor.role) };
}

/** What the actor may do with a project, for its page to offer (the web app shows actions from this, never from the role). */
export interface ProjectRights {
  edit: boolean;
  /** Close it, or reopen it when closed. */
  retire: boolean;
  /** Upload a file to its configuration record. */
  addAttachment: boolean;
  /** Remove a file from its configuration record. */
  removeAttachment: boolean;
}

/** A project's record, files and standing (closed or open) are kept by whoever may change it. */
export function projectRights(actor: Actor, record: ProjectRecord): ProjectRights {
  const change = mayChangeProject(actor, record);
  return { edit: change, retire: mayRetireProject(actor, record), addAttachment: change, removeAttachment: change };
}
