import { z } from 'zod';
import { AGE_BANDS, REPORT_BUCKETS } from '../../domain/reports/report-filter.js';

const period = {
  from: z.string().describe('First day counted, inclusive'),
  to: z.string().describe('Last day counted, inclusive'),
  timeZone: z.string().describe('The company time zone the days are counted in'),
};
const acknowledgement = {
  fired: z.number().int(),
  acknowledged: z.number().int(),
  medianAckMinutes: z.number().nullable().describe('Nearest-rank median of the minutes from firing to acknowledging'),
  p90AckMinutes: z.number().nullable().describe('Nearest-rank 90th percentile of the same'),
};

export const escalationReportView = z.object({
  ...period,
  bucket: z.enum(REPORT_BUCKETS),
  steps: z.array(
    z.object({
      period: z.string().describe('The week (its Monday, YYYY-MM-DD) or month (YYYY-MM)'),
      position: z.string(),
      level: z.number().int(),
      ...acknowledgement,
    }),
  ),
  vendorReports: z.array(z.object({ vendor: z.object({ id: z.string(), name: z.string() }).nullable(), ...acknowledgement })),
});

export const backlogReportView = z.object({
  ...period,
  asOf: z.string().describe('When the backlog is counted: the end of the period, or now if earlier'),
  open: z.array(
    z.object({
      level: z.number().int(),
      band: z.enum(AGE_BANDS.map((band) => band.key) as [string, ...string[]]),
      cases: z.number().int(),
    }),
  ),
  totalOpen: z.number().int(),
  days: z.array(z.object({ day: z.string(), opened: z.number().int(), resolved: z.number().int() })),
});

export const workloadReportView = z.object({
  ...period,
  engineers: z.array(
    z.object({
      engineer: z.object({ id: z.string(), name: z.string() }),
      casesReceived: z.number().int(),
      casesResolved: z.number().int(),
      serviceActions: z.number().int(),
      onSiteVisits: z.number().int(),
      hoursOnSite: z.number(),
      surveys: z.number().int(),
      satisfaction: z.number().nullable().describe('Mean of every score (1–5) of the answered surveys crediting them'),
    }),
  ),
});

export const vendorCaseReportView = z.object({
  ...period,
  asOf: z.string(),
  vendors: z.array(
    z.object({
      vendor: z.object({ id: z.string().nullable(), name: z.string() }).nullable(),
      opened: z.number().int(),
      open: z.number().int(),
      closed: z.number().int(),
      meanOpenHours: z.number().nullable(),
      medianHoursToClose: z.number().nullable(),
      p90HoursToClose: z.number().nullable(),
    }),
  ),
});

export const firstResponseReportView = z.object({
  ...period,
  judgedAt: z.string().describe('When breached and pending were judged: now, also for a past period'),
  levels: z
    .array(
      z.object({
        level: z.number().int(),
        cases: z.number().int().describe('Cases received in the period at this level'),
        met: z.number().int().describe('Answered by the due time of the first-response target (a response at the due instant is in time)'),
        breached: z.number().int().describe('Answered after the due time, or unanswered and past it'),
        pending: z.number().int().describe('Unanswered, unresolved and not yet due'),
        percentMet: z.number().nullable().describe('Met of met and breached, in percent; null while neither'),
        medianMinutes: z
          .number()
          .nullable()
          .describe(
            "Nearest-rank median of the business minutes from received-at to the first response (on the case's policy calendar, time outside its business hours not counted)",
          ),
        p90Minutes: z.number().nullable().describe('Nearest-rank 90th percentile of the same'),
      }),
    )
    .describe('Every level 1–4, zeros included'),
});

export const resolutionReportView = z.object({
  ...period,
  levels: z
    .array(
      z.object({
        level: z.number().int(),
        resolved: z.number().int().describe('Cases resolved in the period at this level'),
        medianHours: z
          .number()
          .nullable()
          .describe("Nearest-rank median of the business hours from received-at to resolution (on the case's policy calendar)"),
        p90Hours: z.number().nullable().describe('Nearest-rank 90th percentile of the same'),
        meanHours: z.number().nullable().describe('Mean of the same'),
        firstStepHours: z
          .number()
          .nullable()
          .describe(
            "Hours after which the level's first upgrading report fires in the escalation policies of the resolved cases (each case its own policy's): the lowest; with no case resolved at the level, the default policy's; null without one",
          ),
        firstStepHoursMax: z
          .number()
          .nullable()
          .describe('The highest of those hours: equal to `firstStepHours` when every resolved case’s policy agrees'),
        withinFirstStep: z.number().int().describe('Resolved within the first-step hours of their own policy'),
        percentWithinFirstStep: z.number().nullable().describe('Their share of the resolved cases with a measured time, in percent'),
      }),
    )
    .describe('Every level 1–4, zeros included'),
});

export const weeklySummarySettingsView = z.object({
  enabled: z.boolean().describe('Whether the weekly summary is mailed'),
  dayOfWeek: z.number().int().describe('ISO weekday it is sent on: 1 Monday … 7 Sunday'),
  hour: z.number().int().describe('Hour it is sent at, 0–23, company time'),
  timeZone: z.string().describe("The company's time zone (the default escalation policy's calendar), read-only"),
});

export const reportSettingsView = z.object({
  customersMayRead: z.boolean().describe("Whether customers read their own organisation's operations reports"),
});
