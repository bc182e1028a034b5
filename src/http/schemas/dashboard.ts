import { z } from 'zod';
import { ESCALATION_POSITIONS } from '../../domain/escalation/positions.js';

/** The Operation Center's answer and the wallboard tokens, shared by the routes and the web app's types. */
export const dashboardView = z
  .object({
    at: z.string().describe('The moment the figures were read (ISO 8601); countdowns run from here'),
    departmentId: z.string().nullable().describe('The department the figures are narrowed to; null for the whole company'),
    timeZone: z.string().describe("The company's time zone (the default escalation policy's calendar), in which today is counted"),
    dayStartedAt: z.string().describe("The company's midnight today, as an instant: where today's first-response breaches start"),
    openByLevel: z
      .array(z.object({ level: z.number().int().min(1).max(4), count: z.number().int() }))
      .describe('Unresolved cases per level, every level listed (1 most urgent)'),
    open: z.number().int().describe('Unresolved cases in all'),
    escalated: z.number().int().describe('Unresolved cases with at least one fired upgrading report (escalated now)'),
    unassigned: z.number().int().describe('Unresolved cases nobody is assigned to'),
    waitingOnCustomer: z.number().int().describe('Unresolved cases waiting on the customer'),
    firstResponseBreachesToday: z
      .number()
      .int()
      .describe('Cases whose first-response target fell due today (company time) before now without a response by then, open or not'),
    dueSteps: z
      .object({
        count: z.number().int().describe('Pending upgrading reports of unresolved cases due within the window'),
        windowMinutes: z.number().int().describe('How far ahead the steps are counted (60)'),
        items: z
          .array(
            z.object({
              stepId: z.string(),
              caseId: z.string(),
              caseNumber: z.string(),
              title: z.string(),
              level: z.number().int().min(1).max(4).describe("The case's level"),
              customer: z.string().describe("The customer's name"),
              position: z.enum(ESCALATION_POSITIONS).describe('Who the report goes to when it fires'),
              dueAt: z.string().describe('When it fires (ISO 8601)'),
            }),
          )
          .describe('The soonest of them (at most 50), soonest first'),
      })
      .describe('Upgrading reports due in the next hour'),
    onSite: z
      .object({
        engineers: z.number().int().describe('Engineers on site now (on a visit started and not finished)'),
        visits: z
          .array(
            z.object({
              visitId: z.string(),
              engineerId: z.string(),
              engineerName: z.string(),
              arrivedAt: z.string().nullable(),
              caseId: z.string(),
              caseNumber: z.string(),
              customer: z.string(),
            }),
          )
          .describe('The visits under way, earliest arrival first'),
      })
      .describe('On-site visits under way'),
  })
  .describe("The Operation Center's figures at this moment");

export const wallboardTokenView = z.object({
  id: z.string(),
  name: z.string().describe('Where the screen is ("Hotline wall")'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe('Last read, to the minute'),
  revokedAt: z.string().nullable().describe('When it was revoked; a revoked token is refused (401)'),
});
