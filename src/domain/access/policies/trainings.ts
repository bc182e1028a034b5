import { can, type Actor } from '../permissions.js';

/** What the policy needs of an on-site training: the organisation it is for. */
export interface TrainingRecord {
  organizationId: string;
}

const scopeOf = (record: TrainingRecord) => ({ organizationId: record.organizationId });

/** Staff read every training; a customer their own organisation's (another one's does not exist for them). */
export function mayReadTraining(actor: Actor, record: TrainingRecord): boolean {
  return can(actor, 'trainings.read', scopeOf(record));
}

/** Planning a training for an organisation: staff. */
export function mayPlanTraining(actor: Actor, record: TrainingRecord): boolean {
  return can(actor, 'trainings.manage', scopeOf(record));
}

/** Recording who attended (which marks the training held and sends its survey): staff. */
export function mayRecordAttendance(actor: Actor, record: TrainingRecord): boolean {
  return can(actor, 'trainings.manage', scopeOf(record));
}

/** Changing a planned training (topic, trainer, day, place, invitees) and cancelling it: those who plan trainings. */
export function mayChangeTraining(actor: Actor, record: TrainingRecord): boolean {
  return can(actor, 'trainings.manage', scopeOf(record));
}
