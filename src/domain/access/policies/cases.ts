import { allowedTransitions, isReopen, type CaseStatus } from '../../cases/case-lifecycle.js';
import { can, type Actor, type Permission } from '../permissions.js';
import { organizationScope } from '../organization-scope.js';
import { isStaffRole, type Role } from '../roles.js';
import { mayRecordCompensation, mayRecordExchange } from './entitlements.js';
import { mayReadProblems } from './problems.js';

/** What the policy needs of a case: its organisation and where it stands. */
export interface CaseRecord {
  organizationId: string;
  status: CaseStatus;
}

/** The actions the web app offers on a case, each answered for one actor and one case. */
export interface CaseAbilities {
  update: boolean;
  assign: boolean;
  transition: boolean;
  changeLevel: boolean;
  work: boolean;
  noteInternal: boolean;
  replyPublic: boolean;
  authorizeRemote: boolean;
  readEscalations: boolean;
  acknowledgeEscalations: boolean;
  manageVendorEscalation: boolean;
  confirmServiceRecord: boolean;
  /** Record a free exchange (RMA) of a product named on the case. */
  recordExchange: boolean;
  /** Record a compensation on the case. */
  recordCompensation: boolean;
  /** The vendor escalation, the engineers' names and who acknowledged a report are company-internal. */
  seeInternal: boolean;
}

const scopeOf = (record: Pick<CaseRecord, 'organizationId'>) => ({ organizationId: record.organizationId });

/** A case of another organisation does not exist for a customer. */
export function mayReadCase(actor: Actor, record: Pick<CaseRecord, 'organizationId'>): boolean {
  return can(actor, 'cases.read', scopeOf(record));
}

/** Logging a case for an organisation: staff for any customer, a customer for their own organisation only. */
export function mayOpenCaseFor(actor: Actor, record: Pick<CaseRecord, 'organizationId'>): boolean {
  return can(actor, 'cases.create', scopeOf(record));
}

/** Editing a case's title, description or contact: staff. */
export function mayUpdateCase(actor: Actor, record: Pick<CaseRecord, 'organizationId'>): boolean {
  return can(actor, 'cases.update', scopeOf(record));
}

/** Routing a case (its servicing department and assignee): staff. */
export function mayAssignCase(actor: Actor, record: Pick<CaseRecord, 'organizationId'>): boolean {
  return can(actor, 'cases.assign', scopeOf(record));
}

/** An internal note is staff's; a public reply is staff's and the customer's of the case's organisation. */
export function mayAddNote(actor: Actor, record: Pick<CaseRecord, 'organizationId'>, visibility: 'internal' | 'public'): boolean {
  return can(actor, visibility === 'internal' ? 'cases.note-internal' : 'cases.reply-public', scopeOf(record));
}

/** What the policy needs of a file on a case: who may see the message it came with, and whether it was sent yet. */
export interface CaseAttachmentRecord {
  visibility: 'public' | 'internal';
  /** False while it is an upload not yet sent with a reply, note or message. */
  sent: boolean;
  uploadedBy: string | null;
}

/** Uploading a file to send with a message: whoever may write a reply or a note on the case. */
export function mayUploadCaseAttachment(actor: Actor, record: Pick<CaseRecord, 'organizationId'>): boolean {
  return mayAddNote(actor, record, 'public') || mayAddNote(actor, record, 'internal');
}

/** Uploading a file while logging a case, before it exists: whoever may log one (the organisation is checked then). */
export function mayUploadForNewCase(actor: Actor): boolean {
  return can(actor, 'cases.create');
}

/**
 * A file on a case is seen by whoever sees the message it came with: the case's readers for a public one, staff for
 * one of an internal note. An upload not yet sent is seen only by who uploaded it. Anything else does not exist (404).
 */
export function mayReadCaseAttachment(actor: Actor, record: Pick<CaseRecord, 'organizationId'>, attachment: CaseAttachmentRecord): boolean {
  if (!mayReadCase(actor, record)) return false;
  if (!attachment.sent) return attachment.uploadedBy === actor.userId;
  return attachment.visibility === 'public' || maySeeInternal(actor);
}

/** Company-internal parts of a case (internal notes, the vendor escalation, staff names on the ladder). */
export function maySeeInternal(actor: Actor): boolean {
  return can(actor, 'cases.note-internal');
}

/** Which timeline entries the actor sees: all of them, or only the public ones. */
export function visibleTimeline(actor: Actor): 'all' | 'public' {
  return maySeeInternal(actor) ? 'all' : 'public';
}

/**
 * The confirmation of a service record is the customer's word: only a customer of the case's organisation gives
 * it, and only while the case is resolved. Staff record what the customer said as a note.
 */
export function mayConfirmServiceRecord(actor: Actor, record: Pick<CaseRecord, 'organizationId'>): boolean {
  return actor.role === 'customer' && can(actor, 'service-records.confirm', scopeOf(record));
}

/** A customer's move to `confirmed` is the confirmation of the service record, recorded with who, when and where. */
export function confirmsServiceRecord(actor: Actor, to: CaseStatus): boolean {
  return to === 'confirmed' && actor.role === 'customer';
}

/**
 * The moves this actor may make on this case now. Staff who work cases follow the state machine; a customer may
 * confirm a resolved case (through its service record) and reopen a resolved, confirmed or closed one.
 */
export function transitionsFor(actor: Actor, record: CaseRecord): CaseStatus[] {
  if (!mayReadCase(actor, record)) return [];
  const next = allowedTransitions(record.status);
  if (can(actor, 'cases.transition', scopeOf(record))) return next;
  return next.filter(
    (to) =>
      (can(actor, 'cases.reopen', scopeOf(record)) && isReopen(record.status, to)) ||
      (confirmsServiceRecord(actor, to) && mayConfirmServiceRecord(actor, record)),
  );
}

/**
 * Which permission a remote-access authorisation needs: the customer gives it in the portal, staff record one
 * taken by phone as part of their work.
 */
export function remoteAuthorizationPermission(actor: Actor): Permission {
  return actor.role === 'customer' ? 'cases.authorize-remote' : 'cases.work';
}

/** What an actor may set when logging a case. */
export interface IntakeRights {
  /** Staff log a call after the fact; a customer's request is received when it arrives (else a portal user could fire the whole upgrading report at once). */
  backdate: boolean;
  /** Staff route a case at the hotline; the company routes a customer's. */
  assign: boolean;
  /** Staff choose a servicing department when no default applies; a customer's case is taken in regardless. */
  mustChooseDepartment: boolean;
  /** A customer logs for their own organisation only, and is the case's contact. */
  ownOrganizationOnly: boolean;
}

export function intakeRights(actor: Actor): IntakeRights {
  const staff = isStaffRole(actor.role);
  return { backdate: staff, assign: staff, mustChooseDepartment: staff, ownOrganizationOnly: !staff };
}

/** Whether what the actor does on a case is the company's answer (and so may be its first response). */
export function respondsForTheCompany(actor: Actor): boolean {
  return isStaffRole(actor.role);
}

/**
 * Whose side spoke in a timeline entry: the customer (a customer account, or a contact's mailed reply with no
 * account), the company (any staff account), or nobody (CaseDesk itself: escalations, mails sent).
 */
export function timelineAuthor(actorRole: Role | null, mailedByContact: boolean): 'customer' | 'staff' | 'system' {
  if (actorRole === null) return mailedByContact ? 'customer' : 'system';
  return isStaffRole(actorRole) ? 'staff' : 'customer';
}

/** Whether the authorisation is the customer's own (and not staff recording it). */
export function authorizesAsCustomer(actor: Actor): boolean {
  return actor.role === 'customer';
}

export function caseAbilities(actor: Actor, record: CaseRecord): CaseAbilities {
  const scope = scopeOf(record);
  const may = (permission: Permission) => can(actor, permission, scope);
  return {
    update: mayUpdateCase(actor, record),
    assign: mayAssignCase(actor, record),
    transition: transitionsFor(actor, record).length > 0,
    changeLevel: may('cases.change-level'),
    work: may('cases.work'),
    noteInternal: mayAddNote(actor, record, 'internal'),
    replyPublic: mayAddNote(actor, record, 'public'),
    authorizeRemote: may(remoteAuthorizationPermission(actor)),
    readEscalations: may('escalations.read'),
    acknowledgeEscalations: may('escalations.acknowledge'),
    manageVendorEscalation: may('vendor-escalations.manage'),
    confirmServiceRecord: mayConfirmServiceRecord(actor, record) && record.status === 'resolved',
    recordExchange: mayRecordExchange(actor, record),
    recordCompensation: mayRecordCompensation(actor, record),
    seeInternal: mayReadCase(actor, record) && maySeeInternal(actor),
  };
}

/**
 * What a similar-case look-up (issue #15) may answer this actor, for a case or a draft of `organizationId`: `null`
 * when the actor may not read that organisation's cases; otherwise the organisations whose cases it may show (a
 * customer: their own only, so a serial number or a word never brings up another organisation's case) and whether
 * the problems the cases are linked to are shown (company records: staff only). Only public texts are ever
 * compared or shown: titles, descriptions, resolution notes, service actions; never internal notes.
 */
export interface SimilarCasesAccess {
  scope: { organizationId?: string };
  problems: boolean;
}

export function similarCasesAccess(actor: Actor, organizationId: string): SimilarCasesAccess | null {
  const scope = organizationScope(actor, undefined);
  if (!scope || !mayReadCase(actor, { organizationId })) return null;
  return { scope, problems: mayReadProblems(actor) };
}
