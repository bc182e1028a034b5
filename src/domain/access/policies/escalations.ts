import { can, type Actor } from '../permissions.js';

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
 * An acknowledgement says "I, who was told, have seen it": only the people the step notified may give it; an
 * admin may give it on their behalf (a recipient on leave, a phone call taken for them).
 */
export function mayAcknowledgeStep(actor: Actor, step: EscalationStepRecord): boolean {
  if (!can(actor, 'escalations.acknowledge', { organizationId: step.organizationId })) return false;
  return actor.role === 'admin' || step.recipientUserIds.includes(actor.userId);
}
