import { can, type Actor } from '../permissions.js';
import type { Role } from '../roles.js';

/** What the policy needs of an upgrading-report step: its case's organisation and whom it told. */
export interface EscalationStepRecord {
  organizationId: string;
  recipientUserIds: readonly string[];
}

/** Whether the actor sees who was told and who acknowledged; customers see that the case was escalated, and when. */
export function maySeeRecipients(actor: Actor): boolean {
  return can(actor, 'cases.note-internal');
}

/**
 * How the actor may acknowledge a step: as one of the people it told, or (an admin) on their behalf — a recipient
 * on leave, a phone call taken for them — which needs a reason; `null` for everyone else. A step that told nobody
 * (an unfilled position) has nobody to acknowledge it, an admin neither: the alert is about the empty seat.
 */
export function acknowledgementRight(actor: Actor, step: EscalationStepRecord): 'recipient' | 'on-behalf' | null {
  if (step.recipientUserIds.length === 0) return null;
  if (!can(actor, 'escalations.acknowledge', { organizationId: step.organizationId })) return null;
  if (step.recipientUserIds.includes(actor.userId)) return 'recipient';
  return actor.role === 'admin' ? 'on-behalf' : null;
}

export function mayAcknowledgeStep(actor: Actor, step: EscalationStepRecord): boolean {
  return acknowledgementRight(actor, step) !== null;
}

/**
 * Who is told of a configuration alert (a step that found its position empty, or a case with no department): the
 * admins, who keep departments and positions and so can fill the seat. The service asks storage for the active
 * users of these roles.
 */
export function rolesToldOfConfigurationAlerts(): readonly Role[] {
  return ['admin'];
}
