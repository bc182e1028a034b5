import type { Actor } from '../../domain/access/permissions.js';
import { mayAnswerSurvey, mayEnterAnswers } from '../../domain/access/policies/surveys.js';
import type { StaffEntryChannel } from '../../domain/surveys/survey-questions.js';
import { findSurveyById, findSurveyForUpdate, type SurveyRow } from '../../storage/repositories/surveys.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import type { RequestOrigin } from '../service-records/confirm-service-record.js';
import { checkSignedLink, useSignedLink } from '../service-records/signed-links.js';
import { recordSurveyAnswers, type SurveyAnswers } from './record-answers.js';

export type SurveyLinkState = 'valid' | 'used' | 'expired' | 'forged' | 'answered';

/** What the public form shows for a link: the survey to answer, or why there is nothing to answer. */
export async function openSurveyLink(
  context: ServiceContext,
  token: string,
): Promise<{ state: SurveyLinkState; survey: SurveyRow | null }> {
  const check = await checkSignedLink(context.storage.db, context, 'survey', token);
  if (check.state === 'forged') return { state: 'forged', survey: null };
  const survey = (await findSurveyById(context.storage.db, check.link.subject_id)) ?? null;
  if (!survey) return { state: 'forged', survey: null };
  if (check.state !== 'valid') return { state: check.state, survey };
  // Staff may have entered the answers from a phone call meanwhile; the link then has nothing left to do.
  if (survey.answered_at !== null) return { state: 'answered', survey };
  return { state: 'valid', survey };
}

/**
 * The customer answers through the e-mailed link (no sign-in). The link is used up in the same transaction as the
 * answers land; a used, expired or forged link, or an answered survey, changes nothing. Invalid answers throw and
 * leave the link usable, so the customer can correct them.
 */
export async function answerSurveyByLink(
  context: ServiceContext,
  token: string,
  answers: SurveyAnswers,
  origin: RequestOrigin,
): Promise<{ state: SurveyLinkState | 'recorded'; survey: SurveyRow | null }> {
  return context.storage
    .transaction(async (trx) => {
      const check = await checkSignedLink(trx, context, 'survey', token);
      if (check.state === 'forged') return { state: 'forged' as const, survey: null };
      const survey = (await findSurveyForUpdate(trx, check.link.subject_id)) ?? null;
      if (!survey) return { state: 'forged' as const, survey: null };
      if (check.state !== 'valid') return { state: check.state, survey };
      if (survey.answered_at !== null) return { state: 'answered' as const, survey };
      await recordSurveyAnswers(trx, context, survey, answers, { channel: 'web', enteredBy: null, clientAddress: origin.ip });
      const at = context.clock.now().toISOString();
      if (!(await useSignedLink(trx, check.link.id, { at, ip: origin.ip, userAgent: origin.userAgent?.slice(0, 500) ?? null }))) {
        // Another request used the link between our check and now; undo this one by failing the transaction.
        throw new LinkRaceLost();
      }
      return { state: 'recorded' as const, survey: (await findSurveyById(trx, survey.id))! };
    })
    .catch((error: unknown) => {
      if (error instanceof LinkRaceLost) return { state: 'used' as const, survey: null };
      throw error;
    });
}

class LinkRaceLost extends Error {}

/** Staff enter the answers a customer gave by phone, mail, interview, fax or e-mail; the channel is recorded. */
export async function enterSurveyAnswers(
  context: ServiceContext,
  actor: Actor,
  surveyId: string,
  input: SurveyAnswers & { channel: StaffEntryChannel },
): Promise<SurveyRow> {
  return context.storage.transaction(async (trx) => {
    const survey = await findSurveyForUpdate(trx, surveyId);
    if (!survey || !mayEnterAnswers(actor, { organizationId: survey.organization_id })) throw notFound('survey', surveyId);
    await recordSurveyAnswers(trx, context, survey, input, {
      channel: input.channel,
      enteredBy: actor.userId,
      clientAddress: actor.clientAddress ?? null,
    });
    return (await findSurveyById(trx, surveyId))!;
  });
}

/**
 * The signed-in customer answers in the portal, as they would through the e-mailed link (channel `web`). A survey
 * of another organisation does not exist for them; staff are refused (they enter answers with a channel instead).
 */
export async function answerSurveyInPortal(
  context: ServiceContext,
  actor: Actor,
  surveyId: string,
  answers: SurveyAnswers,
): Promise<SurveyRow> {
  return context.storage.transaction(async (trx) => {
    const survey = await findSurveyForUpdate(trx, surveyId);
    if (!survey || !mayAnswerSurvey(actor, { organizationId: survey.organization_id })) throw notFound('survey', surveyId);
    await recordSurveyAnswers(trx, context, survey, answers, {
      channel: 'web',
      enteredBy: actor.userId,
      clientAddress: actor.clientAddress ?? null,
    });
    return (await findSurveyById(trx, surveyId))!;
  });
}
