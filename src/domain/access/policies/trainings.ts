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

/** What the actor may do with a training, for its page to offer (the web app shows actions from this, never from the role). */
export interface TrainingRights {
  /** Change the plan (topic, trainer, day, place, invitees). */
  edit: boolean;
  cancel: boolean;
  /** Record who attended, and walk-ins. */
  recordAttendance: boolean;
}

/** A planned training may be changed or cancelled; attendance is recorded on any training not cancelled. */
export function trainingRights(actor: Actor, record: TrainingRecord & { status: 'planned' | 'held' | 'cancelled' }): TrainingRights {
  const planned = record.status === 'planned';
  return {
    edit: planned && mayChangeTraining(actor, record),
    cancel: planned && mayChangeTraining(actor, record),
    recordAttendance: record.status !== 'cancelled' && mayRecordAttendance(actor, record),
  };
}
