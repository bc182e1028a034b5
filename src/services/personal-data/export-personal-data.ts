import type { Actor } from '../../domain/access/permissions.js';
import { mayExportPersonalData } from '../../domain/access/policies/personal-data.js';
import type { Language } from '../../domain/access/roles.js';
import { displayPhoneNumber } from '../../domain/contacts/phone-numbers.js';
import { readPersonalData } from '../../storage/repositories/personal-data.js';
import { findUserById } from '../../storage/repositories/users.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { loadDataSubject, type SubjectReference } from './data-subject.js';

/** Everything CaseDesk holds about one person, as the admin downloads it (JSON, or printed as a PDF). */
export interface PersonalDataExport {
  subject: { kind: 'contact' | 'user'; id: string; name: string };
  generatedAt: string;
  /** The language the PDF is printed in: the asking admin's. */
  language: Language;
  contacts: {
    id: string;
    organizationId: string;
    name: string;
    email: string | null;
    phone: string | null;
    secondPhone: string | null;
    roleAtCustomer: string | null;
    language: string;
    createdAt: string;
    retiredAt: string | null;
    erasedAt: string | null;
  }[];
  users: {
    id: string;
    email: string;
    name: string;
    role: string;
    organizationId: string | null;
    language: string;
    createdAt: string;
    disabledAt: string | null;
  }[];
  cases: {
    id: string;
    number: string;
    title: string;
    status: string;
    receivedAt: string;
    closedAt: string | null;
    namedAs: 'contact' | 'cc' | 'opened-by';
  }[];
  messages: { caseNumber: string | null; at: string; kind: string; visibility: string; body: string | null }[];
  mailsReceived: {
    caseNumber: string | null;
    to: string;
    subject: string;
    body: string;
    status: string;
    createdAt: string;
    sentAt: string | null;
  }[];
  mailsSent: {
    caseNumber: string | null;
    from: string;
    fromName: string | null;
    subject: string;
    body: string;
    receivedAt: string;
    status: string;
  }[];
  surveyAnswers: {
    id: string;
    caseNumber: string | null;
    status: string;
    sentAt: string | null;
    answeredAt: string | null;
    respondentName: string | null;
    scores: Record<string, number>;
    comment: string | null;
  }[];
  serviceRecordConfirmations: {
    caseNumber: string | null;
    at: string;
    method: string;
    name: string;
    email: string | null;
    ip: string | null;
    note: string | null;
  }[];
  trainingsAttended: {
    topic: string;
    scheduledOn: string;
    place: string;
    status: string;
    name: string;
    email: string | null;
    attended: boolean | null;
  }[];
  /** `clientAddress`: where they made the change from, on the changes they made themselves (staff's are not theirs). */
  auditEntries: {
    at: string;
    action: string;
    entityType: string;
    entityId: string;
    actorUserId: string | null;
    clientAddress: string | null;
  }[];
}

function bodyOf(dataJson: string): string | null {
  try {
    const data = JSON.parse(dataJson) as { body?: unknown };
    return typeof data.body === 'string' ? data.body : null;
  } catch {
    return null;
  }
}

/**
 * Everything held about the person, for the asking admin. The export is audited (who exported whom, when, as what;
 * not the data) once it has been read and before it is handed over, so no export leaves without its entry.
 */
export async function exportPersonalData(
  context: ServiceContext,
  actor: Actor,
  reference: SubjectReference,
  options: { language?: Language | undefined; format: 'json' | 'pdf' },
): Promise<PersonalDataExport> {
  const { language } = options;
  const executor = context.storage.db;
  const loaded = await loadDataSubject(executor, actor, reference, mayExportPersonalData);
  const rows = await readPersonalData(executor, loaded.subject);
  const admin = await findUserById(executor, actor.userId);
  await context.storage.transaction((trx) =>
    recordChangeBy(trx, actor, context.clock.now().toISOString(), 'personal-data.exported', [reference.kind, reference.id], {
      after: { format: options.format },
    }),
  );
  const numberOf = new Map(rows.cases.map((row) => [row.id, row.number]));
  const caseNumber = (caseId: string | null) => (caseId ? (numberOf.get(caseId) ?? null) : null);
  const cc = new Set(rows.ccCaseIds);
  const contactIds = new Set(loaded.subject.contactIds);
  const userIds = new Set(loaded.subject.userIds);
  return {
    subject: { kind: reference.kind, id: reference.id, name: loaded.name },
    generatedAt: context.clock.now().toISOString(),
    language: language ?? admin?.language ?? 'en',
    contacts: rows.contacts.map((row) => ({
      id: row.id,
      organizationId: row.organization_id,
      name: row.name,
      email: row.email,
      phone: row.phone === null ? null : displayPhoneNumber(row.phone),
      secondPhone: row.second_phone === null ? null : displayPhoneNumber(row.second_phone),
      roleAtCustomer: row.role_at_customer,
      language: row.language,
      createdAt: row.created_at,
      retiredAt: row.retired_at,
      erasedAt: row.erased_at,
    })),
    users: rows.users.map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      organizationId: row.organization_id,
      language: row.language,
      createdAt: row.created_at,
      disabledAt: row.disabled_at,
    })),
    cases: rows.cases.map((row) => ({
      id: row.id,
      number: row.number,
      title: row.title,
      status: row.status,
      receivedAt: row.received_at,
      closedAt: row.closed_at,
      namedAs: row.contact_id !== null && contactIds.has(row.contact_id) ? 'contact' : cc.has(row.id) ? 'cc' : 'opened-by',
    })),
    messages: rows.events.map((row) => ({
      caseNumber: caseNumber(row.case_id),
      at: row.at,
      kind: row.kind,
      visibility: row.visibility,
      body: bodyOf(row.data_json),
    })),
    mailsReceived: rows.mailsTo.map((row) => ({
      caseNumber: caseNumber(row.case_id),
      to: row.to_address,
      subject: row.subject,
      body: row.text_body,
      status: row.status,
      createdAt: row.created_at,
      sentAt: row.sent_at,
    })),
    mailsSent: rows.mailsFrom.map((row) => ({
      caseNumber: caseNumber(row.case_id),
      from: row.from_address,
      fromName: row.from_name,
      subject: row.subject,
      body: row.text_body,
      receivedAt: row.received_at,
      status: row.status,
    })),
    surveyAnswers: rows.surveys.map((row) => ({
      id: row.id,
      caseNumber: caseNumber(row.case_id),
      status: row.status,
      sentAt: row.sent_at,
      answeredAt: row.answered_at,
      respondentName: row.respondent_name,
      scores: Object.fromEntries(
        Object.entries(row).filter((entry): entry is [string, number] => entry[0].startsWith('score_') && typeof entry[1] === 'number'),
      ),
      comment: row.comment,
    })),
    serviceRecordConfirmations: rows.confirmations.map((row) => ({
      caseNumber: caseNumber(row.case_id),
      at: row.at,
      method: row.method,
      name: row.confirmed_by_name,
      email: row.confirmed_by_email,
      ip: row.ip,
      note: row.note,
    })),
    trainingsAttended: rows.trainings.map((row) => ({
      topic: row.topic,
      scheduledOn: row.scheduled_on,
      place: row.place,
      status: row.status,
      name: row.name,
      email: row.email,
      attended: row.attended === null ? null : row.attended === 1,
    })),
    auditEntries: rows.auditEntries.map((row) => ({
      at: row.at,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      actorUserId: row.actor_user_id,
      clientAddress: row.actor_user_id !== null && userIds.has(row.actor_user_id) ? row.client_address : null,
    })),
  };
}
