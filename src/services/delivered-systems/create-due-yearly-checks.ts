import type { Actor } from '../../domain/access/permissions.js';
import { calendarDateOf } from '../../domain/entitlement/entitlement.js';
import { addDays, checkAfter, checkYear, yearlyCheckKey } from '../../domain/entitlement/yearly-checks.js';
import { isUniqueViolation } from '../../storage/db.js';
import { listInServiceSerials, projectHasProducts } from '../../storage/repositories/assets.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import {
  advanceProjectCheck,
  claimProjectCheck,
  insertYearlyCheck,
  listProjectsWithCheckDue,
  setYearlyCheckCase,
  type ProjectRow,
} from '../../storage/repositories/projects.js';
import { namingUnknownReferences, prepareCaseOpening, writeCaseOpening, type OpenCaseInput } from '../cases/open-case.js';
import type { ServiceContext } from '../context.js';

/** How far ahead of its date a yearly check's maintenance case is opened, so the department can plan the visit. */
export const YEARLY_CHECK_LEAD_DAYS = 14;

/** The scheduler acts for the company, not for a person. */
const SCHEDULER: Actor = { userId: 'system', role: 'admin', organizationId: null };

/** A check case names a few products so its entitlement (guarantee or contract) is decided like any case's. */
const SERIALS_ON_CHECK_CASE = 20;

export interface YearlyCheckRun {
  created: { projectId: string; dueOn: string; caseId: string }[];
  /** Checks another instance created (or was creating) at the same moment. */
  skipped: number;
  /** Checks that could not be created this time (they are tried again at the next tick). */
  failed: { projectId: string; dueOn: string; error: string }[];
}

/**
 * Opens the maintenance case (kind request, level 4, assigned to the implementing department) of every yearly
 * check due within the lead time. Each check is its own transaction that first writes the check's deterministic
 * key: an instance racing for the same check fails on the key (or skips the locked project) and leaves it alone.
 */
export async function createDueYearlyChecks(
  context: ServiceContext,
  options: { leadDays?: number; batchSize?: number } = {},
): Promise<YearlyCheckRun> {
  const today = calendarDateOf(context.clock.now());
  const horizon = addDays(today, options.leadDays ?? YEARLY_CHECK_LEAD_DAYS);
  const batchSize = options.batchSize ?? 100;
  const run: YearlyCheckRun = { created: [], skipped: 0, failed: [] };
  const tried = new Set<string>();
  for (;;) {
    const due = (await listProjectsWithCheckDue(context.storage.db, horizon, batchSize + tried.size)).filter(
      (project) => !tried.has(yearlyCheckKey(project.id, project.next_check_on!)),
    );
    if (due.length === 0) return run;
    for (const project of due.slice(0, batchSize)) {
      const dueOn = project.next_check_on!;
      tried.add(yearlyCheckKey(project.id, dueOn));
      try {
        const created = await createCheck(context, project, dueOn);
        if (created) run.created.push({ projectId: project.id, dueOn, caseId: created });
        else run.skipped += 1;
      } catch (error) {
        // One broken project (say, a deleted department) must not hold up every other project's check.
        run.failed.push({ projectId: project.id, dueOn, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}

async function createCheck(context: ServiceContext, project: ProjectRow, dueOn: string): Promise<string | null> {
  const key = yearlyCheckKey(project.id, dueOn);
  const next = checkAfter(project.delivered_at, dueOn);
  // The case is read for and checked first, outside the transaction, like any intake.
  const [organization, serialNumbers, hasProducts] = await Promise.all([
    findOrganizationById(context.storage.db, project.organization_id),
    listInServiceSerials(context.storage.db, project.id, SERIALS_ON_CHECK_CASE),
    projectHasProducts(context.storage.db, project.id),
  ]);
  // A retired customer is not visited, nor a project whose products are all retired or at retired sites: the check
  // moves on to the next year's, which comes if the customer, a product or its site is reactivated.
  if (organization?.retired_at || (hasProducts && serialNumbers.length === 0)) {
    await advanceProjectCheck(context.storage.db, project.id, dueOn, next);
    return null;
  }
  const inGuarantee = dueOn <= project.guarantee_ends_at;
  const input: OpenCaseInput = {
    organizationId: project.organization_id,
    departmentId: project.implementing_department_id,
    channel: 'onsite',
    level: 4,
    kind: 'request',
    title: `Yearly check ${checkYear(project.delivered_at, dueOn)} of ${project.name} — due ${dueOn}`,
    description:
      `Regular yearly follow-up check of the delivered project "${project.name}" for ${organization?.name ?? project.organization_id}, ` +
      `due on ${dueOn} (delivered ${project.delivered_at}; ${inGuarantee ? `in guarantee until ${project.guarantee_ends_at}` : `guarantee ended ${project.guarantee_ends_at}`}).`,
    serialNumbers,
    // Opened ahead so the department can plan; the upgrading report counts from the check's own day.
    clockStartsAt: `${dueOn}T00:00:00.000Z`,
    departmentOptional: true,
  };
  const opening = await prepareCaseOpening(context, SCHEDULER, input);
  try {
    return await namingUnknownReferences(context, input, () =>
      context.storage.transaction(async (trx) => {
        const claimed = await claimProjectCheck(trx, project.id, dueOn);
        if (!claimed) return null;
        const at = context.clock.now().toISOString();
        // Written first: the unique key is what makes a second instance give up.
        await insertYearlyCheck(trx, { id: key, project_id: project.id, due_on: dueOn, case_id: null, created_at: at });
        const opened = await writeCaseOpening(trx, context, opening);
        await setYearlyCheckCase(trx, key, opened.id);
        await advanceProjectCheck(trx, project.id, dueOn, next);
        return opened.id;
      }),
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The check exists (another instance made it): make sure this project moves on to its next check.
    await advanceProjectCheck(context.storage.db, project.id, dueOn, next);
    return null;
  }
}
