import { z } from 'zod';
import { PROPOSAL_STATUSES, RECURRENCE_RULE_IDS, type RecurrenceRule } from '../../domain/problems/recurrence.js';
import type { ProposalDetails } from '../../services/problems/view-proposals.js';
import { linkedCaseView } from './problems.js';

export const recurrenceRuleView = z.object({
  id: z.enum(RECURRENCE_RULE_IDS),
  enabled: z.boolean(),
  threshold: z.number().int().describe('How many fault cases, at least'),
  windowDays: z.number().int().describe('Within how many days, counted back from now by received-at'),
});

export const recurrenceRulesView = z.object({ rules: z.array(recurrenceRuleView) });

export const proposalView = z.object({
  id: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  rule: recurrenceRuleView.omit({ enabled: true }).describe('The rule as it was when the pattern was proposed'),
  round: z.number().int().describe('1 for the first proposal of this pattern; more when it recurred after a dismissal'),
  pattern: z.object({
    serialNumber: z.string().nullable(),
    organizationId: z.string().nullable(),
    organizationName: z.string().nullable(),
    vendorId: z.string().nullable(),
    vendorName: z.string().nullable(),
    model: z.string().nullable(),
  }),
  proposedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  dismissReason: z.string().nullable(),
  problemId: z.string().nullable().describe('The problem opened by accepting it'),
  cases: z.array(linkedCaseView.extend({ receivedAt: z.string() })),
  can: z.object({ decide: z.boolean() }).describe('Whether the calling user may accept or dismiss it now'),
});

export function presentRecurrenceRules(rules: RecurrenceRule[]): z.infer<typeof recurrenceRulesView> {
  return { rules };
}

export function presentProposal({ row, cases, can }: ProposalDetails): z.infer<typeof proposalView> {
  return {
    id: row.id,
    status: row.status,
    rule: { id: row.rule, threshold: Number(row.threshold), windowDays: Number(row.window_days) },
    round: Number(row.round),
    pattern: {
      serialNumber: row.serial_number,
      organizationId: row.organization_id,
      organizationName: row.organization_name,
      vendorId: row.vendor_id,
      vendorName: row.vendor_name,
      model: row.model,
    },
    proposedAt: row.proposed_at,
    decidedAt: row.decided_at,
    decidedByName: row.decided_by_name,
    dismissReason: row.dismiss_reason,
    problemId: row.problem_id,
    cases: cases.map((linked) => ({
      id: linked.case_id,
      number: linked.number,
      title: linked.title,
      status: linked.status,
      receivedAt: linked.received_at,
      organizationId: linked.organization_id,
      organizationName: linked.organization_name,
    })),
    can,
  };
}
