import type { FastifyInstance } from 'fastify';
import { ROLE_PERMISSIONS } from '../../domain/access/permissions.js';
import { wallboardMayCall } from '../../domain/access/policies/dashboard.js';
import { translate } from '../../i18n/translate.js';
import { sendProblem } from './problem-details.js';
import type { RouteAccess } from './request-context.js';

/** Every /api route names who may call it; a route without a rule stops start-up rather than being open. */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/** Returns the live list of declared API routes, which the authorisation matrix test walks. */
export function registerAccessControl(app: FastifyInstance): DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const isApi = route.url.startsWith('/api/');
    const isDocs = route.url.startsWith('/api/v1/docs') || route.url === '/api/v1/openapi.json';
    if (isApi && !isDocs && route.config?.access === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
    }
    if (isApi && !isDocs && route.config?.access !== undefined) {
      refuseReadPermissionOnWrite(route.method, route.url, route.config.access);
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') declared.push({ method, url: route.url, access: route.config.access });
      }
    }
  });

  // Before validation, so a caller who may not use a route learns nothing from its validation errors.
  app.addHook('preValidation', async (request, reply) => {
    const access: RouteAccess | undefined = request.routeOptions.config.access;
    if (access === undefined) return;
    if (request.wallboard) {
      // A wallboard token opens its own routes and no other, public ones included; the service asks the policy again.
      if (wallboardMayCall(request.method, request.routeOptions.url ?? '')) return;
      return sendProblem(reply, request, 403, 'forbidden', translate(request.language, 'errors.forbidden'));
    }
    if (access === 'public') return;
    if (!request.actor) return sendProblem(reply, request, 401, 'unauthenticated', translate(request.language, 'errors.unauthenticated'));
    if (access === 'signed-in') return;
    const held = ROLE_PERMISSIONS[request.actor.role];
    if (typeof access === 'string' ? !held.has(access) : !access.some((permission) => held.has(permission))) {
      return sendProblem(reply, request, 403, 'forbidden', translate(request.language, 'errors.forbidden'));
    }
  });
  return declared;
}

/** A route that changes something must name a permission to change it: `cases.read` on a write route hid who may write. */
function refuseReadPermissionOnWrite(method: string | string[], url: string, access: RouteAccess): void {
  const writes = [method].flat().some((name) => !['GET', 'HEAD', 'OPTIONS'].includes(name));
  const permissions = access === 'public' || access === 'signed-in' ? [] : typeof access === 'string' ? [access] : access;
  const read = permissions.find((permission) => permission.endsWith('.read'));
  if (writes && read !== undefined) {
    throw new Error(`Route ${[method].flat().join(',')} ${url} changes something but declares the read permission ${read}`);
  }
}
