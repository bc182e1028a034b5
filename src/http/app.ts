import fastifyCookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { ServerOptions } from 'node:http';
import type { ServiceContext } from '../services/context.js';
import { registerAccessControl, type DeclaredRoute } from './plugins/access-control.js';
import { registerAuthentication } from './plugins/authentication.js';
import { registerMetrics } from './plugins/metrics.js';
import { lastBackupRun, type BackupSchedule } from '../operations/backup/scheduled-backups.js';
import { backupRoutes } from './routes/backups.js';
import { registerOpenApi } from './plugins/openapi.js';
import { responseSerializer } from './plugins/response-serializer.js';
import { registerProblemDetails, sendProblem } from './plugins/problem-details.js';
import { registerTextInputGuard } from './plugins/text-input.js';
import './plugins/request-context.js';
import { readWebIndex, registerWebApp } from './plugins/web-app.js';
import { inlineScriptHashes, registerSecurityHeaders, scriptHashSource } from './plugins/security-headers.js';
import { PUBLIC_PAGE_SCRIPT } from './presenters/public-pages.js';
import { auditLogRoutes } from './routes/audit-log.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { caseChangeRoutes } from './routes/case-changes.js';
import { changeStreams } from './change-streams.js';
import { caseRoutes } from './routes/cases.js';
import { queueRoutes } from './routes/queues.js';
import { searchRoutes } from './routes/search.js';
import { similarCaseRoutes } from './routes/similar-cases.js';
import { escalationRoutes } from './routes/escalations.js';
import { notificationRoutes } from './routes/notifications.js';
import { inboundMailRoutes } from './routes/inbound-mail.js';
import { mailSettingsRoutes } from './routes/mail-settings.js';
import { serviceDeskSettingsRoutes } from './routes/service-desk-settings.js';
import { personalDataRoutes } from './routes/personal-data.js';
import { departmentRoutes } from './routes/departments.js';
import { healthRoutes } from './routes/health.js';
import { organizationRoutes } from './routes/organizations.js';
import { sessionRoutes } from './routes/sessions.js';
import { userRoutes } from './routes/users.js';
import { visitRoutes } from './routes/visits.js';
import { trainingRoutes } from './routes/trainings.js';
import { problemRoutes } from './routes/problems.js';
import { problemProposalRoutes } from './routes/problem-proposals.js';
import { cannedReplyRoutes } from './routes/canned-replies.js';
import { articleRoutes } from './routes/articles.js';
import { serviceRecordRoutes } from './routes/service-records.js';
import { surveyRoutes } from './routes/surveys.js';
import { reportRoutes } from './routes/reports.js';
import { assetRoutes } from './routes/assets.js';
import { caseExchangeRoutes } from './routes/case-exchanges.js';
import { contractRoutes } from './routes/contracts.js';
import { entitlementRoutes } from './routes/entitlements.js';
import { importRoutes } from './routes/imports.js';
import { projectRoutes } from './routes/projects.js';
import { vendorRoutes } from './routes/vendors.js';
import { webhookRoutes } from './routes/webhooks.js';
import { chatTargetRoutes } from './routes/chat-targets.js';
import { translate } from '../i18n/translate.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with the access rule it declared. */
    declaredRoutes: DeclaredRoute[];
  }
}

export interface AppOptions {
  context: ServiceContext;
  logger?: FastifyServerOptions['logger'];
  secureCookies?: boolean;
  /** Where scheduled backups go (shown to admins); null or absent: none scheduled. */
  backup?: BackupSchedule | null;
  /**
   * Which proxies' X-Forwarded-For/-Proto/-Host are believed (`CASEDESK_TRUST_PROXY`), so `request.ip` (sign-in
   * limits, recorded addresses) is the client's, not the proxy's; false believes none.
   */
  trustProxy?: boolean | number | string[];
  /** Folder of the built web app; `false` serves the API only. */
  webRoot?: string | false;
  /** How long a client may take to send a request's headers, and the whole request with its body. */
  timeouts?: { headersMs: number; requestMs: number };
}

/**
 * A client that sends its request slowly (a byte now and then) holds a connection as long as it likes unless the
 * server gives up: it answers 408 and closes once the headers or the whole request took too long. Responses are not
 * limited, so the change feed streams on. Node checks its connections every `connectionsCheckingInterval`, so that
 * check runs often enough for the timeouts to be kept to within a fraction of themselves.
 */
function timeoutOptions(timeouts: AppOptions['timeouts']): { requestTimeout: number; http: ServerOptions } {
  const { headersMs, requestMs } = timeouts ?? { headersMs: 20_000, requestMs: 120_000 };
  const headersTimeout = Math.min(headersMs, requestMs);
  return {
    requestTimeout: requestMs,
    http: {
      headersTimeout,
      requestTimeout: requestMs,
      connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(headersTimeout / 4))),
    },
  };
}

/**
 * A hop count trusts the nearest `hops` proxies whatever their address (as the proxy-address matcher counts them):
 * Fastify itself refuses counts, since a client that reaches CaseDesk directly could then name any address, so the
 * README offers it only where CaseDesk is reachable through the proxies alone.
 */
function trustProxyOption(trust: boolean | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

/** Builds the HTTP door into the services: plugins first (errors, auth, access), then one module per resource. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: (request) => {
      const sent = request.headers['x-request-id'];
      return typeof sent === 'string' && /^[\w.-]{1,100}$/.test(sent) ? sent : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxyOption(options.trustProxy ?? false),
    ...timeoutOptions(options.timeouts),
    ajv: { customOptions: { coerceTypes: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerProblemDetails(app);
  registerTextInputGuard(app);
  // The web app's inline boot script is hashed as built, at start, so a rebuilt app needs no change here.
  const webIndex = options.webRoot === false ? null : readWebIndex(options.webRoot);
  registerSecurityHeaders(app, {
    inlineScriptHashes: [...(webIndex ? inlineScriptHashes(webIndex) : []), scriptHashSource(PUBLIC_PAGE_SCRIPT)],
    https: options.context.publicUrl.startsWith('https://'),
  });
  await app.register(fastifyCookie);
  registerAuthentication(app, options.context);
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    errorResponseBuilder: (request, limit) => ({
      statusCode: 429,
      type: 'urn:casedesk:problem:rate-limited',
      title: translate(request.language, 'problems.429'),
      status: 429,
      detail: translate(request.language, 'errors.rateLimited', { after: `${Math.ceil(limit.ttl / 1000)} s` }),
      instance: request.url,
    }),
  });
  const declaredRoutes = registerAccessControl(app);
  app.decorate('declaredRoutes', declaredRoutes);
  await registerOpenApi(app);
  registerMetrics(app, { lastBackupRun: () => lastBackupRun(options.context.storage.db) });

  const context = options.context;
  healthRoutes(app, context);
  sessionRoutes(app, context, { secureCookies: options.secureCookies ?? false });
  userRoutes(app, context);
  organizationRoutes(app, context);
  departmentRoutes(app, context);
  auditLogRoutes(app, context);
  caseRoutes(app, context);
  queueRoutes(app, context);
  searchRoutes(app, context);
  similarCaseRoutes(app, context);
  const streams = changeStreams(app, context);
  caseChangeRoutes(app, streams);
  dashboardRoutes(app, context, streams, { secureCookies: options.secureCookies ?? false });
  escalationRoutes(app, context);
  notificationRoutes(app, context);
  inboundMailRoutes(app, context);
  mailSettingsRoutes(app, context);
  serviceDeskSettingsRoutes(app, context);
  personalDataRoutes(app, context);
  visitRoutes(app, context);
  trainingRoutes(app, context);
  problemRoutes(app, context);
  problemProposalRoutes(app, context);
  articleRoutes(app, context);
  cannedReplyRoutes(app, context);
  serviceRecordRoutes(app, context);
  surveyRoutes(app, context);
  reportRoutes(app, context);
  vendorRoutes(app, context);
  projectRoutes(app, context);
  assetRoutes(app, context);
  contractRoutes(app, context);
  entitlementRoutes(app, context);
  webhookRoutes(app, context);
  backupRoutes(app, context, options.backup ?? null);
  chatTargetRoutes(app, context);
  caseExchangeRoutes(app, context);
  importRoutes(app, context);

  if (options.webRoot !== false) {
    const served = await registerWebApp(app, options.webRoot);
    if (!served) {
      app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) =>
        sendProblem(
          reply,
          request,
          503,
          'unavailable',
          translate(request.language, 'errors.unavailable', { reason: 'the web app is not built (npm run build:web)' }),
        ),
      );
    }
  }
  return app;
}
