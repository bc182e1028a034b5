import { z } from 'zod';
import type { ServiceRecord } from '../../services/service-records/view-service-record.js';
import { presentServiceItemBilling, serviceItemBillingView } from './cases.js';

export const serviceRecordView = z.object({
  caseId: z.string(),
  language: z.enum(['en', 'zh-CN']),
  customer: z.object({
    organizationId: z.string(),
    organizationName: z.string(),
    organizationCode: z.string().nullable(),
    contactName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
  }),
  request: z.object({
    number: z.string(),
    title: z.string(),
    description: z.string(),
    channel: z.string(),
    level: z.number().int(),
    kind: z.string(),
    status: z.string(),
    receivedAt: z.string(),
    resolvedAt: z.string().nullable(),
    serialNumbers: z.array(z.string()),
    departmentName: z.string().nullable(),
    assigneeName: z.string().nullable(),
  }),
  items: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      engineerName: z.string().nullable(),
      performedByName: z.string().nullable(),
      plannedStart: z.string().nullable(),
      plannedEnd: z.string().nullable(),
      startedAt: z.string().nullable(),
      endedAt: z.string().nullable(),
      arrivedAt: z.string().nullable(),
      departedAt: z.string().nullable(),
      site: z.string().nullable(),
      visitId: z.string().nullable(),
      visitStatus: z.string().nullable(),
      summary: z.string(),
      outcome: z.string().nullable(),
      billing: serviceItemBillingView,
    }),
  ),
  confirmation: z.object({
    state: z.enum(['confirmed', 'awaiting', 'closed-unconfirmed', 'not-resolved']),
    confirmations: z.array(
      z.object({
        at: z.string(),
        method: z.string(),
        name: z.string(),
        email: z.string().nullable(),
        ip: z.string().nullable(),
        userAgent: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
  }),
});

export function presentServiceRecord(record: ServiceRecord): z.infer<typeof serviceRecordView> {
  return {
    ...record,
    items: record.items.map((item) => ({ ...item, billing: presentServiceItemBilling(item.billing) })),
  };
}
