import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ServiceError } from '../../services/errors.js';
import { STATUS_OF } from '../problem-status.js';
import { translate } from '../../i18n/translate.js';
import { schemaIssueMessage } from './validation-messages.js';

/** Every error leaves as RFC 9457 problem+json, naming the field at fault; only real faults are 500s. */

interface FieldError {
  field: string;
  in?: string;
  message: string;
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  type: string,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: `urn:casedesk:problem:${type}`, title: titleFor(request, status), status, detail, instance: request.url, ...extra });
}

function titleFor(request: FastifyRequest, status: number): string {
  const known = [400, 401, 403, 404, 409, 413, 415, 422, 429, 503];
  return translate(request.language, `problems.${known.includes(status) ? status : status >= 500 ? 500 : 400}`);
}

/** `body.level` or `querystring.limit` becomes the field `level` in `body`. */
function fieldFromValidation(context: string | undefined, instancePath: string, missingProperty: unknown): FieldError['field'] {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing = typeof missingProperty === 'string' ? missingProperty : '';
  return [path, missing].filter(Boolean).join('.') || (context ?? 'body');
}

export function registerProblemDetails(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ServiceError) {
      const status = STATUS_OF[error.kind];
      const detail = translate(request.language, error.messageKey, error.params);
      const extra: Record<string, unknown> = { ...error.extra };
      if (error.kind === 'rate-limited' && typeof error.extra.retryAfterSeconds === 'number') {
        reply.header('retry-after', String(error.extra.retryAfterSeconds));
      }
      if (error.field) {
        extra.field = error.field;
        extra.errors = [{ field: error.field, message: detail }];
      }
      return sendProblem(reply, request, status, error.kind, detail, extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors: FieldError[] = error.validation.map((issue) => {
        const params = issue.params as { issue?: { path?: PropertyKey[] } } | undefined;
        const path = params?.issue?.path?.map(String).join('.');
        return {
          field: path || fieldFromValidation(error.validationContext, issue.instancePath, undefined),
          in: error.validationContext ?? 'body',
          message: schemaIssueMessage(request.language, { keyword: issue.keyword, message: issue.message, params: issue.params }),
        };
      });
      const detail = errors.map((item) => translate(request.language, 'errors.validationField', { ...item })).join('; ');
      return sendProblem(reply, request, 400, 'validation', detail, { field: errors[0]?.field, errors });
    }
    if (error.validation) {
      const errors: FieldError[] = error.validation.map((issue) => ({
        field: fieldFromValidation(
          error.validationContext,
          issue.instancePath,
          (issue.params as { missingProperty?: unknown }).missingProperty,
        ),
        in: error.validationContext ?? 'body',
        message: issue.message ?? 'is invalid',
      }));
      return sendProblem(reply, request, 400, 'validation', errors.map((item) => `${item.field}: ${item.message}`).join('; '), {
        field: errors[0]?.field,
        errors,
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return sendProblem(
        reply,
        request,
        429,
        'rate-limited',
        translate(request.language, 'errors.rateLimited', { after: String(reply.getHeader('retry-after') ?? '60') + ' s' }),
      );
    }
    if (status < 500) {
      const messageKey =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? 'errors.badJson'
          : status === 413
            ? 'errors.payloadTooLarge'
            : status === 415
              ? 'errors.unsupportedMediaType'
              : null;
      const detail = messageKey ? translate(request.language, messageKey) : error.message;
      return sendProblem(
        reply,
        request,
        status,
        status === 400 ? 'bad-request' : String(status),
        detail,
        status === 400 ? { field: 'body', errors: [{ field: 'body', in: 'body', message: detail }] } : {},
      );
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, 500, 'internal', translate(request.language, 'errors.internal', { requestId: request.id }));
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      404,
      'not-found',
      translate(request.language, 'errors.routeNotFound', { method: request.method, url: request.url.split('?')[0] }),
    ),
  );
}
