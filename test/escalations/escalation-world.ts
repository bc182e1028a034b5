import { expect } from 'vitest';
import type { Language } from '../../src/domain/access/roles.js';
import type { CaseLevel } from '../../src/domain/cases/levels.js';
import { ESCALATION_POSITIONS, type EscalationPosition } from '../../src/domain/escalation/positions.js';
import { fireDueEscalations } from '../../src/services/escalations/fire-due-escalations.js';
import type { TestApp, TestUser } from '../support/test-app.js';

/**
 * The people and places an escalation timeline needs: a customer organisation, a service department whose manager
 * and VP in charge are filled, and the Operation Center GM and the President — four distinct staff users — all set
 * up through the API the way an admin would.
 */
export interface EscalationWorld {
  app: TestApp;
  admin: TestUser;
  secretary: TestUser;
  organization: { id: string; name: string };
  department: { id: string; name: string };
  holders: Record<EscalationPosition, TestUser & { language: Language; name: string }>;
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Each position held by someone of its own language, so both mail languages are exercised across the matrix. */
export const DEFAULT_HOLDER_LANGUAGES: Record<EscalationPosition, Language> = {
  'department-manager': 'en',
  'operation-center-gm': 'zh-CN',
  'vp-in-charge': 'en',
  president: 'zh-CN',
};

export async function setUpEscalationWorld(
  app: TestApp,
  options: { languages?: Partial<Record<EscalationPosition, Language>>; fillCompanyPositions?: boolean } = {},
): Promise<EscalationWorld> {
  const admin = await app.user('admin', { name: 'Ada Admin' });
  const secretary = await app.user('secretary', { name: 'Sam Secretary' });
  const organization = await app.organization(`Harbour Bank ${Math.random().toString(36).slice(2, 6)}`);
  const holders = {} as EscalationWorld['holders'];
  for (const position of ESCALATION_POSITIONS) {
    const language = options.languages?.[position] ?? DEFAULT_HOLDER_LANGUAGES[position];
    const name = `Holder of ${position}`;
    const user = await app.user('manager', { name, language, email: `${position}-${Math.random().toString(36).slice(2, 8)}@example.com` });
    holders[position] = { ...user, language, name };
  }
  const department = await app.request<{ id: string; name: string }>(admin, 'POST', '/api/v1/departments', {
    name: `Network Service ${Math.random().toString(36).slice(2, 6)}`,
    managerUserId: holders['department-manager'].id,
    vpInChargeUserId: holders['vp-in-charge'].id,
  });
  expect(department.status).toBe(201);
  if (options.fillCompanyPositions !== false) {
    for (const position of ['operation-center-gm', 'president'] as const) {
      const put = await app.request(admin, 'PUT', `/api/v1/positions/${position}`, { userId: holders[position].id });
      expect(put.status).toBe(200);
    }
  }
  return { app, admin, secretary, organization, department: { id: department.body.id, name: department.body.name }, holders };
}

export interface CaseBody {
  id: string;
  number: string;
  level: number;
  status: string;
  receivedAt: string;
  organizationId: string;
  departmentId: string | null;
  nextEscalationDueAt: string | null;
  escalatedAt: string | null;
  allowedTransitions: string[];
  policyVersionId: string;
  vendorEscalation: { status: string; vendorCaseNumber: string | null } | null;
}

export interface LadderStep {
  id: string;
  afterHours: number;
  position: EscalationPosition;
  level: number;
  vendorReport: boolean;
  status: 'pending' | 'fired';
  dueAt: string | null;
  firedAt: string | null;
  recipients: { userId: string; email: string }[];
  unfilled: boolean;
  acknowledgedAt: string | null;
  can: { acknowledge: boolean; acknowledgeNeedsReason: boolean };
}

export interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  visibility: 'public' | 'internal';
  actorUserId: string | null;
  data: Record<string, unknown>;
}

export interface OutboxEntry {
  id: string;
  kind: string;
  to: string;
  recipientUserId: string | null;
  language: string;
  subject: string;
  status: 'pending' | 'sending' | 'sent' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  messageId: string;
  caseId: string | null;
}

export interface Problem {
  status: number;
  type: string;
  detail: string;
  field?: string;
  allowed?: string[];
  errors?: { field: string; message: string }[];
}

/** Logs a case as the secretary would from a hotline call; answers the created case. */
export async function logCase(
  world: EscalationWorld,
  input: { level: CaseLevel; receivedAt?: string; departmentId?: string | null; title?: string; as?: TestUser; organizationId?: string },
): Promise<CaseBody> {
  const response = await world.app.request<CaseBody>(input.as ?? world.secretary, 'POST', '/api/v1/cases', {
    organizationId: input.organizationId ?? world.organization.id,
    channel: 'hotline',
    level: input.level,
    title: input.title ?? `Core switch fault, level ${input.level}`,
    description: 'Customer reports the core switch dropping packets.',
    ...(input.departmentId === null ? {} : { departmentId: input.departmentId ?? world.department.id }),
    ...(input.receivedAt ? { receivedAt: input.receivedAt } : {}),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** One scheduler tick, as every server instance runs it. */
export function tick(app: TestApp): Promise<number> {
  return fireDueEscalations(app.context);
}

/** Moves the clock to `hours` after `t0` and runs a tick there. */
export async function tickAt(app: TestApp, t0: number, hours: number): Promise<number> {
  app.clock.set(t0 + hours * HOUR);
  return tick(app);
}

export async function ladderOf(world: EscalationWorld, caseId: string, as: TestUser = world.secretary): Promise<LadderStep[]> {
  const response = await world.app.request<{ steps: LadderStep[] }>(as, 'GET', `/api/v1/cases/${caseId}/escalations`);
  expect(response.status).toBe(200);
  return response.body.steps;
}

export async function timelineOf(world: EscalationWorld, caseId: string, as: TestUser = world.secretary): Promise<TimelineEntry[]> {
  const response = await world.app.request<{ items: TimelineEntry[] }>(as, 'GET', `/api/v1/cases/${caseId}/timeline?limit=500`);
  expect(response.status).toBe(200);
  return response.body.items;
}

export async function firedEventsOf(world: EscalationWorld, caseId: string): Promise<TimelineEntry[]> {
  return (await timelineOf(world, caseId)).filter((entry) => entry.kind === 'escalation.fired');
}

/** Every outbox message, as an admin pages through GET /api/v1/outbox. */
export async function outboxOf(world: EscalationWorld, status?: OutboxEntry['status']): Promise<OutboxEntry[]> {
  const all: OutboxEntry[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=200${status ? `&status=${status}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await world.app.request<{ items: OutboxEntry[]; nextCursor: string | null }>(
      world.admin,
      'GET',
      `/api/v1/outbox?${query}`,
    );
    expect(page.status).toBe(200);
    all.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return all;
}

export async function escalationMailsOf(world: EscalationWorld, caseId: string): Promise<OutboxEntry[]> {
  return (await outboxOf(world)).filter((mail) => mail.caseId === caseId && mail.kind === 'escalation');
}

export interface NotificationEntry {
  id: string;
  kind: string;
  caseId: string | null;
  title: string;
  body: string;
  link: string | null;
}

export async function notificationsOf(world: EscalationWorld, user: TestUser): Promise<NotificationEntry[]> {
  const response = await world.app.request<{ items: NotificationEntry[] }>(user, 'GET', '/api/v1/notifications?limit=200');
  expect(response.status).toBe(200);
  return response.body.items;
}

export function stepFor(ladder: LadderStep[], position: EscalationPosition): LadderStep {
  const step = ladder.find((candidate) => candidate.position === position);
  if (!step) throw new Error(`the ladder has no ${position} step: ${JSON.stringify(ladder)}`);
  return step;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The word an escalation mail's subject must carry in the recipient's language. */
export function escalationWord(language: Language): string {
  return language === 'zh-CN' ? '升级' : 'Escalation';
}
