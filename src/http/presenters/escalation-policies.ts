import { z } from 'zod';
import { CASE_LEVELS } from '../../domain/cases/levels.js';
import { ESCALATION_POSITIONS } from '../../domain/escalation/positions.js';
import type { PolicyDetails } from '../../services/escalations/escalation-policies.js';

/** Escalation policies (the editable matrix, targets, calendar, pause rule) and configuration alerts. */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time HH:MM');
export const policyBody = z.object({
  matrix: z
    .array(
      z.object({
        level: z.union(
          CASE_LEVELS.map((value) => z.literal(value)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>],
        ),
        afterHours: z
          .number()
          .positive()
          .max(24 * 365),
        position: z.enum(ESCALATION_POSITIONS),
        vendorReport: z.boolean(),
      }),
    )
    .max(100),
  firstResponseMinutes: z.object({
    1: z.number().positive(),
    2: z.number().positive(),
    3: z.number().positive(),
    4: z.number().positive(),
  }),
  calendar: z.object({
    timeZone: z.string().min(1).max(100),
    weeklyHours: z.array(z.object({ day: z.number().int().min(1).max(7), start: hhmm, end: hhmm })).max(50),
    holidays: z.array(z.iso.date()).max(1000),
  }),
  pauseWhileWaitingOnCustomer: z.boolean(),
});

export const policyView = z.object({
  id: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  version: z.number().int(),
  versionId: z.string(),
  policy: policyBody,
  createdAt: z.string(),
});
export const presentPolicy = (details: PolicyDetails): z.infer<typeof policyView> => details as z.infer<typeof policyView>;

export const alertView = z.object({
  key: z.string(),
  kind: z.enum(['unfilled-position', 'case-without-department']),
  position: z.enum(ESCALATION_POSITIONS),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  missedReports: z.number().int(),
  lastCaseId: z.string().nullable(),
  firstSeenAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
});
