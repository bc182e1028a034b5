import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STAFF_ENTRY_CHANNELS, SURVEY_QUESTIONS, type SurveyQuestion, type SurveyScores } from '../../domain/surveys/survey-questions.js';
import { translate } from '../../i18n/translate.js';
import type { ServiceContext } from '../../services/context.js';
import { ServiceError } from '../../services/errors.js';
import { answerSurveyByLink, answerSurveyInPortal, enterSurveyAnswers, openSurveyLink } from '../../services/surveys/answer-survey.js';
import { closeFollowUp, listFollowUpsFor } from '../../services/surveys/follow-ups.js';
import { questionsOf } from '../../services/surveys/record-answers.js';
import { getSurvey, listSurveysFor } from '../../services/surveys/view-surveys.js';
import type { SurveyRow } from '../../storage/repositories/surveys.js';
import { sendProblem } from '../plugins/problem-details.js';
import { linkStateStatus, messagePage, pageLanguage, surveyFormPage, surveyRecordedNext } from '../presenters/public-pages.js';
import { followUpView, presentFollowUp, presentPublicSurvey, presentSurvey, publicSurveyView, surveyView } from '../presenters/surveys.js';
import { commonErrors, idParams, idSchema, pageOf, pageQuery } from '../schemas/common.js';
import {
  formRoute,
  htmlAnswer,
  origin,
  pageFacts,
  pageRoute,
  publicPages,
  publicRateLimit,
  recordFor,
  tokenParams,
} from './public-links.js';

const score = z.number().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5');
const scores = z.partialRecord(z.enum(SURVEY_QUESTIONS), score);
const answersBody = z.object({
  scores,
  comment: z.string().trim().max(5_000).nullable().optional(),
  respondentName: z.string().trim().max(200).nullable().optional(),
});

function aboutText(language: 'en' | 'zh-CN', survey: SurveyRow): string {
  return translate(language, `serviceLoop.survey.subjects.${survey.subject_kind}`);
}

/** What the survey form shows besides its questions: what it is about, what was done on the case, whom to call. */
async function surveyPageContent(context: ServiceContext, language: 'en' | 'zh-CN', survey: SurveyRow) {
  return {
    questions: questionsOf(survey),
    about: aboutText(language, survey),
    record: survey.case_id ? await recordFor(context, survey.case_id, language) : null,
    facts: await pageFacts(context),
  };
}

export function surveyRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];

  api.get(
    '/api/v1/surveys',
    {
      config: { access: 'surveys.read' },
      schema: {
        tags,
        querystring: pageQuery.extend({
          caseId: idSchema.optional(),
          visitId: idSchema.optional(),
          trainingId: idSchema.optional(),
          organizationId: idSchema.optional(),
          status: z.enum(['sent', 'awaiting-entry', 'answered']).optional(),
        }),
        response: { 200: pageOf(surveyView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listSurveysFor(context, request.actor!, request.query);
      return { nextCursor: page.nextCursor, items: page.items.map(presentSurvey) };
    },
  );

  api.get(
    '/api/v1/surveys/:id',
    { config: { access: 'surveys.read' }, schema: { tags, params: idParams, response: { 200: surveyView, ...commonErrors } } },
    async (request) => presentSurvey(await getSurvey(context, request.actor!, request.params.id)),
  );

  api.post(
    '/api/v1/surveys/:id/answers',
    {
      config: { access: 'surveys.enter' },
      schema: {
        tags,
        description:
          'Staff enter the answers a customer gave by phone, mail, interview, fax or e-mail. A survey is answered once; a second answer is a 409.',
        params: idParams,
        body: answersBody.extend({ channel: z.enum(STAFF_ENTRY_CHANNELS) }),
        response: { 200: surveyView, ...commonErrors },
      },
    },
    async (request) => {
      await enterSurveyAnswers(context, request.actor!, request.params.id, request.body);
      return presentSurvey(await getSurvey(context, request.actor!, request.params.id));
    },
  );

  api.post(
    '/api/v1/surveys/:id/portal-answers',
    {
      config: { access: 'surveys.answer' },
      schema: {
        tags,
        description:
          "The signed-in customer answers their own organisation's survey in the portal (recorded as `web`, like the e-mailed link). A survey is answered once; a second answer is a 409.",
        params: idParams,
        body: answersBody,
        response: { 200: surveyView, ...commonErrors },
      },
    },
    async (request) => {
      await answerSurveyInPortal(context, request.actor!, request.params.id, request.body);
      return presentSurvey(await getSurvey(context, request.actor!, request.params.id));
    },
  );

  api.get(
    '/api/v1/public/surveys/:token',
    {
      config: { access: 'public', rateLimit: publicRateLimit },
      schema: {
        tags,
        description: 'What the e-mailed survey link shows: the questions, or why it cannot be answered (used, expired, forged, answered).',
        params: tokenParams,
        response: { 200: publicSurveyView },
      },
    },
    async (request) => {
      const { state, survey } = await openSurveyLink(context, request.params.token);
      return presentPublicSurvey(state, survey);
    },
  );

  api.post(
    '/api/v1/public/surveys/:token',
    {
      config: { access: 'public', rateLimit: publicRateLimit },
      schema: {
        tags,
        description:
          'Answers through the e-mailed link, no sign-in. A used (409), expired (410) or forged (404) link, or an answered survey (409), changes nothing.',
        params: tokenParams,
        body: answersBody,
        response: { 200: publicSurveyView, ...commonErrors },
      },
    },
    async (request, reply) => {
      const result = await answerSurveyByLink(context, request.params.token, request.body, origin(request));
      if (result.state !== 'recorded') return linkProblem(request, reply, result.state);
      return presentPublicSurvey('recorded', result.survey);
    },
  );

  api.get(
    '/api/v1/follow-ups',
    {
      config: { access: 'follow-ups.read' },
      schema: {
        tags,
        description: 'Follow-ups opened by low survey scores, soonest due first. `mine=true` is the department manager’s dashboard list.',
        querystring: pageQuery.extend({
          mine: z
            .enum(['true', 'false'])
            .transform((value) => value === 'true')
            .optional(),
          status: z.enum(['open', 'closed']).optional(),
          caseId: idSchema.optional(),
        }),
        response: { 200: pageOf(followUpView), ...commonErrors },
      },
    },
    async (request) => {
      const page = await listFollowUpsFor(context, request.actor!, request.query);
      return { nextCursor: page.nextCursor, items: page.items.map(presentFollowUp) };
    },
  );

  api.post(
    '/api/v1/follow-ups/:id/closure',
    {
      config: { access: 'follow-ups.manage' },
      schema: {
        tags,
        params: idParams,
        body: z.object({ resolution: z.string().trim().min(1, 'must not be empty').max(5_000) }),
        response: { 200: followUpView, ...commonErrors },
      },
    },
    async (request) => presentFollowUp(await closeFollowUp(context, request.actor!, request.params.id, request.body)),
  );

  // The survey form behind the e-mailed link, server-rendered so it needs neither the web app nor JavaScript.
  publicPages(app, (pages) => {
    pages.get('/public/surveys/:token', pageRoute, async (request, reply) => {
      const { state, survey } = await openSurveyLink(context, request.params.token);
      const language = pageLanguage(request.query.lang, survey?.language, request.language);
      const path = htmlAnswer(request, reply);
      if (state !== 'valid' || !survey) return reply.code(linkStateStatus(state)).send(messagePage(language, `survey-${state}`, path));
      return surveyFormPage(language, path, await surveyPageContent(context, language, survey));
    });

    pages.post('/public/surveys/:token', formRoute, async (request, reply) => {
      const values = request.body;
      const opened = await openSurveyLink(context, request.params.token);
      const language = pageLanguage(request.query.lang, opened.survey?.language, request.language);
      const path = htmlAnswer(request, reply);
      const asked = opened.survey ? questionsOf(opened.survey) : [];
      const given: SurveyScores = {};
      for (const question of asked) {
        const raw = values[question];
        if (raw !== undefined && raw !== '') given[question] = Number(raw);
      }
      try {
        const result = await answerSurveyByLink(
          context,
          request.params.token,
          {
            scores: given,
            comment: values.comment?.slice(0, 5_000) ?? null,
            respondentName: values.respondentName?.slice(0, 200) ?? null,
          },
          origin(request),
        );
        if (result.state === 'recorded')
          return messagePage(
            language,
            'survey-recorded',
            path,
            {},
            { next: surveyRecordedNext(language), facts: await pageFacts(context) },
          );
        return reply.code(linkStateStatus(result.state)).send(messagePage(language, `survey-${result.state}`, path));
      } catch (error) {
        if (!(error instanceof ServiceError) || error.kind !== 'invalid' || !opened.survey) throw error;
        const question = String(error.params.question ?? '') as SurveyQuestion;
        const problem = translate(language, error.messageKey, { question: translate(language, `serviceLoop.questions.${question}`) });
        return reply
          .code(400)
          .send(surveyFormPage(language, path, await surveyPageContent(context, language, opened.survey), { values, problem }));
      }
    });
  });
}

function linkProblem(request: FastifyRequest, reply: FastifyReply, state: string): FastifyReply {
  return sendProblem(
    reply,
    request,
    linkStateStatus(state),
    `link-${state}`,
    translate(request.language, `serviceLoop.pages.states.survey-${state}.body`),
    { state },
  );
}
