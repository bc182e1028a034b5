import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHAT_KINDS } from '../../domain/chat/chat-messages.js';
import { ESCALATION_POSITIONS } from '../../domain/escalation/positions.js';
import type { ServiceContext } from '../../services/context.js';
import {
  addMyChatTarget,
  addPositionChatTarget,
  changeChatTarget,
  listChatTargetsOfPositions,
  listMyChatTargets,
  removeChatTarget,
  testChatTarget,
} from '../../services/chat/manage-chat-targets.js';
import { commonErrors, httpUrlSchema, idParams } from '../schemas/common.js';

const targetView = z.object({
  id: z.string(),
  position: z.enum(ESCALATION_POSITIONS).nullable().describe('The position whose holder it tells; null for a user’s own target'),
  ownerUserId: z.string().nullable(),
  kind: z.enum(CHAT_KINDS),
  url: z.string(),
  label: z.string().nullable(),
  hasSecret: z.boolean().describe('Whether a signing secret is kept; the secret itself is never answered'),
  enabled: z.boolean(),
  createdAt: z.string(),
  lastAttempt: z
    .object({ at: z.string(), delivered: z.boolean(), statusCode: z.number().int().nullable(), error: z.string().nullable() })
    .nullable()
    .describe('The last attempt to post to it (a report or a test message)'),
  can: z.object({ remove: z.boolean(), test: z.boolean(), change: z.boolean() }),
});

const newTarget = z.object({
  kind: z.enum(CHAT_KINDS),
  url: httpUrlSchema,
  secret: z.string().trim().max(500).nullable().optional(),
  label: z.string().trim().max(200).nullable().optional(),
});

const KINDS_TEXT =
  '`wecom` (WeCom group robot), `dingtalk` (DingTalk custom robot; with its signing secret CaseDesk adds `timestamp` and ' +
  '`sign` to the URL), `feishu` (Feishu/Lark custom bot; with its signing secret `timestamp` and `sign` go in the body), ' +
  '`slack` (incoming webhook), `teams` (incoming webhook, MessageCard).';

/** Chat targets: a staff user’s own, and the positions’ (admins). Upgrading reports reach them beside the e-mail. */
export function chatTargetRoutes(app: FastifyInstance, context: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['chat notifications'];

  api.get(
    '/api/v1/me/chat-targets',
    {
      config: { access: 'notifications.preferences' },
      schema: {
        tags,
        description: 'The chat targets of one’s own upgrading reports.',
        response: { 200: z.array(targetView), ...commonErrors },
      },
    },
    async (request) => listMyChatTargets(context, request.actor!),
  );

  api.post(
    '/api/v1/me/chat-targets',
    {
      config: { access: 'notifications.preferences' },
      schema: {
        tags,
        description: `Adds a chat target for one’s own upgrading reports: ${KINDS_TEXT} Loopback and private addresses are refused unless an admin allows private targets (\`PUT /api/v1/webhooks/settings\`).`,
        body: newTarget,
        response: { 201: targetView, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await addMyChatTarget(context, request.actor!, request.body)),
  );

  api.get(
    '/api/v1/position-chat-targets',
    {
      config: { access: 'positions.manage' },
      schema: { tags, description: 'The chat targets of the positions (admins).', response: { 200: z.array(targetView), ...commonErrors } },
    },
    async (request) => listChatTargetsOfPositions(context, request.actor!),
  );

  api.post(
    '/api/v1/position-chat-targets',
    {
      config: { access: 'positions.manage' },
      schema: {
        tags,
        description: `Adds a chat target of a position (admins): every upgrading report to its holder goes there too. ${KINDS_TEXT}`,
        body: newTarget.extend({ position: z.enum(ESCALATION_POSITIONS) }),
        response: { 201: targetView, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await addPositionChatTarget(context, request.actor!, request.body)),
  );

  const ownOrPosition = ['notifications.preferences', 'positions.manage'] as const;
  api.patch(
    '/api/v1/chat-targets/:id',
    {
      config: { access: ownOrPosition },
      schema: {
        tags,
        description: 'Switches a target off (its reports wait) or on.',
        params: idParams,
        body: z.object({ enabled: z.boolean() }),
        response: { 200: targetView, ...commonErrors },
      },
    },
    async (request) => changeChatTarget(context, request.actor!, request.params.id, request.body),
  );

  api.delete(
    '/api/v1/chat-targets/:id',
    {
      config: { access: ownOrPosition },
      schema: {
        tags,
        description: 'Removes a target with its waiting messages.',
        params: idParams,
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await removeChatTarget(context, request.actor!, request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/chat-targets/:id/test',
    {
      config: { access: ownOrPosition },
      schema: {
        tags,
        description: 'Sends a test message now (not retried) and answers the target with the result as `lastAttempt`.',
        params: idParams,
        response: { 200: targetView, ...commonErrors },
      },
    },
    async (request) => testChatTarget(context, request.actor!, request.params.id),
  );
}
