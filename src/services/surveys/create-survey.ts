import type { Language } from '../../domain/access/roles.js';
import { creditedForCase } from '../../domain/surveys/survey-credits.js';
import { applicableQuestions, type SurveySubject } from '../../domain/surveys/survey-questions.js';
import { translate } from '../../i18n/translate.js';
import { renderSurveyMail } from '../../mail/templates/survey-mail.js';
import type { Executor } from '../../storage/db.js';
import type { CaseRow } from '../../storage/repositories/cases.js';
import { findContactById } from '../../storage/repositories/organizations.js';
import { contactMailAddress } from '../people/customer-contact.js';
import {
  findSurveyById,
  insertSurveyCredits,
  insertSurveyOnce,
  serviceActionsForCredit,
  updateSurvey,
  type SurveyRow,
} from '../../storage/repositories/surveys.js';
import type { TrainingRow } from '../../storage/repositories/trainings.js';
import { newId, type ServiceContext } from '../context.js';
import { enqueueMail } from '../notifications/enqueue-mail.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { issueSignedLink } from '../service-records/signed-links.js';

export const SURVEY_LINK_DAYS = 30;

/**
 * The services that get a survey: a resolved case (with its visits and other service actions) and a held training.
 * A visit is always part of a case, so it has no survey of its own (surveys of subject `visit` are older records).
 */
export type SurveyTrigger = { kind: 'case'; caseRow: CaseRow } | { kind: 'training'; training: TrainingRow };

interface SurveySubjectFacts {
  subject: SurveySubject;
  key: string;
  organizationId: string;
  caseId: string | null;
  caseNumber: string | null;
  visitId: string | null;
  trainingId: string | null;
  departmentId: string | null;
  personUserId: string | null;
  contactId: string | null;
  inGuarantee: boolean;
  describe: (language: Language) => string;
}

function factsOf(trigger: SurveyTrigger): SurveySubjectFacts {
  switch (trigger.kind) {
    case 'case': {
      const row = trigger.caseRow;
      return {
        subject: 'case',
        // A case resolved again after a reopen is a new service and gets a new survey.
        key: `case:${row.id}:${row.resolved_at ?? ''}`,
        organizationId: row.organization_id,
        caseId: row.id,
        caseNumber: row.number,
        visitId: null,
        trainingId: null,
        departmentId: row.department_id,
        personUserId: row.assignee_user_id,
        contactId: row.contact_id,
        inGuarantee: row.billing === 'guarantee',
        describe: (language) => translate(language, 'serviceLoop.survey.aboutCase', { number: row.number, title: row.title }),
      };
    }
    case 'training': {
      const training = trigger.training;
      return {
        subject: 'training',
        key: `training:${training.id}`,
        organizationId: training.organization_id,
        caseId: training.case_id,
        caseNumber: null,
        visitId: null,
        trainingId: training.id,
        departmentId: training.department_id,
        personUserId: training.trainer_user_id,
        contactId: training.contact_id,
        inGuarantee: false,
        describe: (language) =>
          translate(language, 'serviceLoop.survey.aboutTraining', { topic: training.topic, date: training.scheduled_on }),
      };
    }
  }
}

/** Everyone who did the service: for a case its assignee and whoever served it by phone, remotely or on site. */
async function creditedPeople(executor: Executor, trigger: SurveyTrigger): Promise<string[]> {
  switch (trigger.kind) {
    case 'case': {
      const actions = await serviceActionsForCredit(executor, trigger.caseRow.id);
      return creditedForCase(
        trigger.caseRow.assignee_user_id,
        actions.map((action) => ({
          type: action.type,
          performedBy: action.performed_by,
          engineerUserId: action.engineer_user_id,
          cancelled: action.visit_status === 'cancelled',
        })),
      );
    }
    case 'training':
      return [trigger.training.trainer_user_id];
  }
}

/**
 * Creates the follow-up survey of one service, inside the transaction that completed the service. With a contact
 * e-mail the survey goes out at once as a signed single-use link; without one it waits for staff to enter the
 * answers taken by phone, mail, interview, fax or e-mail. A service that already has its survey gets no second one.
 */
export async function createSurveyFor(executor: Executor, context: ServiceContext, trigger: SurveyTrigger): Promise<SurveyRow | null> {
  const facts = factsOf(trigger);
  const credited = await creditedPeople(executor, trigger);
  const contact = facts.contactId ? await findContactById(executor, facts.contactId) : undefined;
  const language: Language = contact?.language === 'zh-CN' ? 'zh-CN' : 'en';
  // A retired contact is sent no survey; the answers are entered by staff, as for a contact without e-mail.
  const recipient = contactMailAddress(contact);
  const at = context.clock.now().toISOString();
  const id = newId();
  const inserted = await insertSurveyOnce(executor, {
    id,
    subject_key: facts.key,
    subject_kind: facts.subject,
    organization_id: facts.organizationId,
    case_id: facts.caseId,
    visit_id: facts.visitId,
    training_id: facts.trainingId,
    department_id: facts.departmentId,
    person_user_id: facts.personUserId ?? credited[0] ?? null,
    contact_id: facts.contactId,
    recipient_email: recipient,
    language,
    questions_json: JSON.stringify(applicableQuestions({ subject: facts.subject, inGuarantee: facts.inGuarantee })),
    status: 'awaiting-entry',
    link_id: null,
    created_at: at,
    sent_at: null,
    answered_at: null,
    channel: null,
    entered_by: null,
    respondent_name: null,
    score_personnel: null,
    score_organization: null,
    score_system: null,
    score_technical_support: null,
    score_system_condition: null,
    score_project_implementation: null,
    score_after_sales: null,
    score_training: null,
    comment: null,
  });
  if (!inserted) return null;
  await insertSurveyCredits(executor, id, credited);

  if (recipient) {
    const link = await issueSignedLink(executor, context, {
      purpose: 'survey',
      subjectId: id,
      recipientEmail: recipient,
      validDays: SURVEY_LINK_DAYS,
    });
    const url = `${context.publicUrl.replace(/\/$/, '')}/public/surveys/${link.token}`;
    const mail = renderSurveyMail({
      language,
      contactName: contact?.name ?? null,
      serviceText: facts.describe(language),
      url,
      expiresAt: link.expiresAt,
    });
    await enqueueMail(executor, context, {
      kind: 'survey',
      to: recipient,
      recipientUserId: null,
      language,
      ...mail,
      dedupeKey: `survey:${id}`,
      caseId: facts.caseId,
    });
    await updateSurvey(executor, id, { status: 'sent', sent_at: at, link_id: link.id });
  }
  if (facts.caseId) {
    await recordCaseEvent(executor, {
      caseId: facts.caseId,
      at,
      kind: 'survey.created',
      actorUserId: null,
      visibility: 'internal',
      data: { surveyId: id, subject: facts.subject, visitId: facts.visitId, trainingId: facts.trainingId, sentTo: recipient },
    });
  }
  return (await findSurveyById(executor, id))!;
}
