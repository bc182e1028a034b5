import type { Actor } from '../../domain/access/permissions.js';
import { mayReadProposals, proposalAbilities, type ProposalAbilities } from '../../domain/access/policies/problem-proposals.js';
import type { ProposalStatus } from '../../domain/problems/recurrence.js';
import type { Page } from '../../storage/repositories/pagination.js';
import {
  findProposalListRow,
  listProposalCases,
  listProposals,
  type ProposalCaseRow,
  type ProposalListRow,
} from '../../storage/repositories/problem-proposals.js';
import type { ServiceContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { pageById } from '../paging.js';

export interface ProposalDetails {
  row: ProposalListRow;
  cases: ProposalCaseRow[];
  can: ProposalAbilities;
}

/** Proposals newest first, narrowed by status, each with the cases that made its pattern; staff only. */
export async function listProposalsFor(
  context: ServiceContext,
  actor: Actor,
  query: { status?: ProposalStatus | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<ProposalDetails>> {
  if (!mayReadProposals(actor)) throw forbidden();
  const page = await pageById(query, (idPage) => listProposals(context.storage.db, { status: query.status, ...idPage }));
  const cases = await listProposalCases(
    context.storage.db,
    page.items.map((row) => row.id),
  );
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((row) => ({
      row,
      cases: cases.filter((linked) => linked.proposal_id === row.id),
      can: proposalAbilities(actor, row),
    })),
  };
}

export async function getProposal(context: ServiceContext, actor: Actor, id: string): Promise<ProposalDetails> {
  if (!mayReadProposals(actor)) throw notFound('problem proposal', id);
  const row = await findProposalListRow(context.storage.db, id);
  if (!row) throw notFound('problem proposal', id);
  return { row, cases: await listProposalCases(context.storage.db, [id]), can: proposalAbilities(actor, row) };
}
