import type { Actor } from '../../domain/access/permissions.js';
import { mayDecideProposal, mayReadProposals } from '../../domain/access/policies/problem-proposals.js';
import { mayOwnProblem } from '../../domain/access/policies/problems.js';
import type { Executor } from '../../storage/db.js';
import { findAssetBySerial } from '../../storage/repositories/assets.js';
import { findCaseById } from '../../storage/repositories/cases.js';
import {
  decideProposal,
  findProposalForUpdate,
  findProposalListRow,
  listProposalCases,
  type ProposalRow,
} from '../../storage/repositories/problem-proposals.js';
import { findUserById } from '../../storage/repositories/users.js';
import { translate } from '../../i18n/translate.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { createProblemIn } from './create-problem.js';
import { linkCaseIn } from './link-case.js';
import { patternText, ruleText } from './proposal-texts.js';

/** An open proposal the actor may decide, locked for the transaction: unreadable is 404, not decidable 403, decided 409. */
async function loadProposalToDecide(executor: Executor, actor: Actor, id: string): Promise<ProposalRow> {
  if (!mayReadProposals(actor)) throw notFound('problem proposal', id);
  const row = await findProposalForUpdate(executor, id);
  if (!row) throw notFound('problem proposal', id);
  if (!mayDecideProposal(actor)) throw forbidden();
  if (row.status !== 'open') throw conflict(`problemProposals.errors.${row.status}`, {}, 'status');
  return row;
}

/** The decision on the proposal and in the audit log. */
async function recordDecision(
  trx: Executor,
  actor: Actor,
  id: string,
  at: string,
  decision: { status: 'accepted'; problem_id: string } | { status: 'dismissed'; dismiss_reason: string },
): Promise<void> {
  await decideProposal(trx, id, { ...decision, decided_at: at, decided_by: actor.userId });
  const { status, ...after } = decision;
  await recordChangeBy(trx, actor, at, `problem-proposal.${status}`, ['problem-proposal', id], { after });
}

export interface AcceptProposalInput {
  title?: string | undefined;
  description?: string | undefined;
  /** The new problem's owner; the accepting expert or manager when absent (an admin must name one). */
  ownerId?: string | undefined;
}

/**
 * Accepting a proposal opens a problem through the problem services with every case of the pattern linked, its
 * customers and product model as the affected ones, and a creation entry on its timeline naming the proposal.
 */
export async function acceptProposal(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: AcceptProposalInput,
): Promise<{ problemId: string }> {
  return context.storage.transaction(async (trx) => {
    await loadProposalToDecide(trx, actor, id);
    const proposal = (await findProposalListRow(trx, id))!;
    const me = await findUserById(trx, actor.userId);
    const ownerId = input.ownerId ?? (me && mayOwnProblem(me) ? me.id : null);
    if (!ownerId) throw invalid('problemProposals.errors.ownerNeeded', 'ownerId');
    const language = me?.language ?? 'en';
    const pattern = patternText(language, proposal);
    const cases = await listProposalCases(trx, [id]);
    const product =
      proposal.rule === 'model-at-customer'
        ? { vendorId: proposal.vendor_id, model: proposal.model }
        : await findAssetBySerial(trx, proposal.serial_number ?? '').then((asset) =>
            asset ? { vendorId: asset.vendor_id, model: asset.model } : null,
          );
    const { id: problemId } = await createProblemIn(
      trx,
      context,
      actor,
      {
        title: input.title?.trim() || translate(language, 'problemProposals.title', { pattern }),
        description:
          input.description?.trim() ||
          translate(language, 'problemProposals.description', {
            count: cases.length,
            cases: cases.map((row) => row.number).join(', '),
            rule: ruleText(language, proposal),
          }),
        ownerId,
        organizationIds: [...new Set(cases.map((row) => row.organization_id))],
        products: product ? [product] : [],
      },
      {
        fromProposalId: id,
        proposalRule: proposal.rule,
        proposalSerialNumber: proposal.serial_number,
        proposalVendorName: proposal.vendor_name,
        proposalModel: proposal.model,
        proposalOrganizationName: proposal.organization_name,
      },
    );
    const at = context.clock.now().toISOString();
    for (const linked of cases) await linkCaseIn(trx, actor, problemId, (await findCaseById(trx, linked.case_id))!, at);
    await recordDecision(trx, actor, id, at, { status: 'accepted', problem_id: problemId });
    return { problemId };
  });
}

/** Dismissing a proposal needs a reason; the pattern is proposed again only when a new fault case arrives. */
export async function dismissProposal(context: ServiceContext, actor: Actor, id: string, input: { reason: string }): Promise<void> {
  const reason = input.reason.trim();
  if (!reason) throw invalid('validation.notEmpty', 'reason');
  await context.storage.transaction(async (trx) => {
    await loadProposalToDecide(trx, actor, id);
    const at = context.clock.now().toISOString();
    await recordDecision(trx, actor, id, at, { status: 'dismissed', dismiss_reason: reason });
  });
}
