import { proposalRecipients, rolesToldOfProposals } from '../../domain/access/policies/problem-proposals.js';
import {
  nextProposalRound,
  patternKey,
  windowStart,
  type RecurrencePattern,
  type RecurrenceRule,
} from '../../domain/problems/recurrence.js';
import { problemProposalSubject, renderProblemProposalMail } from '../../mail/templates/problem-proposal-mail.js';
import type { Executor } from '../../storage/db.js';
import { findCompanyDefaultDepartment } from '../../storage/repositories/departments.js';
import {
  findLatestProposals,
  findProposalListRow,
  findRecurringModels,
  findRecurringSerials,
  insertProposalIfAbsent,
  listModelPatternCases,
  listProposalCases,
  listSerialPatternCases,
  type CaseWindow,
  type PatternCaseRow,
} from '../../storage/repositories/problem-proposals.js';
import { listActiveUsersWithRoles, type UserRow } from '../../storage/repositories/users.js';
import { newId, type ServiceContext } from '../context.js';
import { tellUser } from '../notifications/tell-user.js';
import { patternText, patternWords, ruleText } from './proposal-texts.js';
import { recurrenceRulesIn } from './recurrence-rules.js';
import { words } from '../../i18n/wording.js';

interface Candidate {
  pattern: RecurrencePattern;
  key: string;
  latestLoggedAt: string;
}

/**
 * One run of the recurrence detection (every instance runs it, background-jobs.ts; the benchmark calls it directly).
 * For each enabled rule, one aggregating query over the fault cases received within the rule's window finds the
 * patterns at or over the threshold; those not proposed yet (or recurring since a dismissal, see
 * `nextProposalRound`) are proposed, each in its own transaction: the proposal is inserted if its (pattern, round) is
 * absent, and only when that insert took are its cases, in-app notifications and mails written, in the same
 * transaction. So instances racing on one database propose each pattern once and tell the experts once.
 * Returns how many proposals this run made.
 */
export async function detectRecurrences(context: ServiceContext): Promise<number> {
  const now = context.clock.now();
  const rules = await recurrenceRulesIn(context.storage.db);
  let proposed = 0;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const window: CaseWindow = { since: windowStart(rule, now), until: now.toISOString() };
    const candidates = await findCandidates(context.storage.db, rule, window);
    const latest = await findLatestProposals(
      context.storage.db,
      candidates.map((candidate) => candidate.key),
    );
    for (const candidate of candidates) {
      const round = nextProposalRound(latest.get(candidate.key), candidate.latestLoggedAt);
      if (round !== null && (await propose(context, rule, window, candidate, round))) proposed++;
    }
  }
  return proposed;
}

async function findCandidates(executor: Executor, rule: RecurrenceRule, window: CaseWindow): Promise<Candidate[]> {
  const candidate = (pattern: RecurrencePattern, latestLoggedAt: string) => ({ pattern, key: patternKey(pattern), latestLoggedAt });
  if (rule.id === 'serial-number')
    return (await findRecurringSerials(executor, window, rule.threshold)).map((row) =>
      candidate({ rule: 'serial-number', serialNumber: row.serial_number }, row.latest_logged_at),
    );
  return (await findRecurringModels(executor, window, rule.threshold)).map((row) =>
    candidate(
      { rule: 'model-at-customer', organizationId: row.organization_id, vendorId: row.vendor_id, model: row.model },
      row.latest_logged_at,
    ),
  );
}

function patternCases(executor: Executor, window: CaseWindow, pattern: RecurrencePattern): Promise<PatternCaseRow[]> {
  return pattern.rule === 'serial-number'
    ? listSerialPatternCases(executor, window, pattern.serialNumber)
    : listModelPatternCases(executor, window, pattern);
}

async function propose(
  context: ServiceContext,
  rule: RecurrenceRule,
  window: CaseWindow,
  candidate: Candidate,
  round: number,
): Promise<boolean> {
  return context.storage.transaction(async (trx) => {
    // Read again inside the transaction: the cases the proposal names are those that match now.
    const cases = await patternCases(trx, window, candidate.pattern);
    if (cases.length < rule.threshold) return false;
    const { pattern } = candidate;
    const id = newId();
    const inserted = await insertProposalIfAbsent(
      trx,
      {
        id,
        rule: rule.id,
        pattern_key: candidate.key,
        round,
        serial_number: pattern.rule === 'serial-number' ? pattern.serialNumber : null,
        organization_id: pattern.rule === 'model-at-customer' ? pattern.organizationId : null,
        vendor_id: pattern.rule === 'model-at-customer' ? pattern.vendorId : null,
        model: pattern.rule === 'model-at-customer' ? pattern.model : null,
        threshold: rule.threshold,
        window_days: rule.windowDays,
        status: 'open',
        proposed_at: window.until,
        decided_at: null,
        decided_by: null,
        dismiss_reason: null,
        problem_id: null,
      },
      cases.map((row) => row.id),
    );
    if (!inserted) return false;
    await tellExperts(trx, context, id, cases);
    return true;
  });
}

/** Who is told of a proposal: the policy's choice (`proposalRecipients`) among the active users of its roles. */
export async function expertsToTell(executor: Executor, departmentIds: readonly (string | null)[]): Promise<UserRow[]> {
  const experts = await listActiveUsersWithRoles(executor, rolesToldOfProposals());
  const companyDefault = await findCompanyDefaultDepartment(executor);
  return proposalRecipients(experts, departmentIds, companyDefault?.id ?? null);
}

async function tellExperts(trx: Executor, context: ServiceContext, proposalId: string, cases: readonly PatternCaseRow[]): Promise<void> {
  const proposal = (await findProposalListRow(trx, proposalId))!;
  const caseRows = await listProposalCases(trx, [proposalId]);
  const recipients = await expertsToTell(trx, [...new Set(cases.map((row) => row.department_id))]);
  const link = `/problems?proposal=${proposalId}`;
  for (const user of recipients) {
    const pattern = patternText(user.language, proposal);
    const mail = renderProblemProposalMail({
      language: user.language,
      recipientName: user.name,
      pattern,
      rule: ruleText(user.language, proposal),
      cases: caseRows.map((row) => ({ number: row.number, title: row.title, receivedAt: row.received_at })),
      url: `${context.publicUrl}${link}`,
    });
    await tellUser(trx, context, user, 'problem-proposed', {
      kind: 'problem-proposal',
      mail,
      title: words('problemProposals.notification.title', { pattern: patternWords(proposal) }),
      body: problemProposalSubject(patternWords(proposal)),
      link,
      dedupeKey: `problem-proposal:${proposalId}:${user.id}`,
      threadKey: `problem-proposal.${proposalId}`,
    });
  }
}
