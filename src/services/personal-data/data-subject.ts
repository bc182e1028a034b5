import type { Actor } from '../../domain/access/permissions.js';
import type { DataSubjectRecord } from '../../domain/access/policies/personal-data.js';
import type { Executor } from '../../storage/db.js';
import { findContactById } from '../../storage/repositories/organizations.js';
import { subjectOfContact, subjectOfUser, type DataSubject } from '../../storage/repositories/personal-data.js';
import { findUserById } from '../../storage/repositories/users.js';
import { forbidden, notFound } from '../errors.js';

/** Whose personal data a request is about: a contact (with the customer users who are that contact) or a user. */
export type SubjectReference = { kind: 'contact'; id: string } | { kind: 'user'; id: string };

export interface LoadedSubject {
  reference: SubjectReference;
  record: DataSubjectRecord & { erased: boolean };
  /** The name the admin sees and types to confirm an erasure. */
  name: string;
  organizationIds: string[];
  subject: DataSubject;
}

/** Loads the person and checks the policy: unknown → 404, a person the actor may not handle → 403. */
export async function loadDataSubject(
  executor: Executor,
  actor: Actor,
  reference: SubjectReference,
  allowed: (actor: Actor, record: DataSubjectRecord & { erased: boolean }) => boolean,
): Promise<LoadedSubject> {
  if (reference.kind === 'contact') {
    const contact = await findContactById(executor, reference.id);
    if (!contact) throw notFound('contact', reference.id);
    const record = { kind: 'contact' as const, erased: contact.erased_at !== null };
    if (!allowed(actor, record)) throw forbidden();
    const subject = (await subjectOfContact(executor, contact.id))!;
    return { reference, record, name: contact.name, organizationIds: [contact.organization_id], subject };
  }
  const user = await findUserById(executor, reference.id);
  if (!user) throw notFound('user', reference.id);
  const record = { kind: 'user' as const, role: user.role, erased: user.erased_at !== null };
  if (!allowed(actor, record)) throw forbidden();
  const subject = (await subjectOfUser(executor, user.id))!;
  return { reference, record, name: user.name, organizationIds: user.organization_id ? [user.organization_id] : [], subject };
}
