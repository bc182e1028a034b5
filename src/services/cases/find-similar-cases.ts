import type { Actor } from '../../domain/access/permissions.js';
import { intakeRights, mayAddNote, similarCasesAccess, type SimilarCasesAccess } from '../../domain/access/policies/cases.js';
import { isOpenStatus } from '../../domain/cases/case-lifecycle.js';
import {
  holdsTerm,
  isTextSimilar,
  orderedReasons,
  rankSimilarCases,
  similarityTerms,
  type SimilarReason,
} from '../../domain/cases/similar-cases.js';
import { serialKey } from '../../storage/repositories/assets.js';
import { findCaseListRows, listSerialsOfCases, type CaseListRow } from '../../storage/repositories/cases.js';
import type { ProblemStatus } from '../../domain/problems/problem-lifecycle.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import {
  findCaseOutcomes,
  findProductsOfCustomer,
  findSimilarCaseHits,
  type SimilarityProductRow,
} from '../../storage/repositories/similar-cases.js';
import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { loadCaseFor } from './case-access.js';

/** A case being typed (at hotline intake, in the portal's new-case form), before it is saved. */
export interface SimilarCaseDraft {
  /** The customer; a customer's own organisation when left out. */
  organizationId?: string | undefined;
  serialNumbers?: readonly string[] | undefined;
  productIds?: readonly string[] | undefined;
  /** A site of the customer, by the name its products carry. */
  site?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
}

export type SimilarCasesSubject = { caseId: string } | { draft: SimilarCaseDraft };

/** How a found case ended: what is recorded when a case is resolved, and the problem it belongs to. */
export interface SimilarCaseOutcome {
  resolvedAt: string | null;
  /** The note given when the case was last resolved. */
  resolutionNote: string | null;
  /** The latest service action (phone, remote, on-site): what was done and what came of it. */
  lastAction: { type: string; summary: string; outcome: string | null; at: string } | null;
  actionCount: number;
  /** The problem records the case is linked to; always empty for a customer, who sees no problems. */
  problems: { id: string; title: string; status: ProblemStatus }[];
}

export interface SimilarCase {
  row: CaseListRow;
  serialNumbers: string[];
  reasons: SimilarReason[];
  open: boolean;
  outcome: SimilarCaseOutcome;
  /** Whether the actor may add a note to it (at intake: the call as a note instead of a new case). */
  can: { noteInternal: boolean; replyPublic: boolean };
}

export interface SimilarCasesAnswer {
  /** The words of the title the texts were compared by (for the web app to mark). */
  terms: string[];
  items: SimilarCase[];
}

export const DEFAULT_SIMILAR_LIMIT = 10;
/** Cases read per reason before ranking: enough that the strongest `limit` are among them. */
const PER_REASON = 30;

/** What the look-up starts from, once the case or draft is read and checked. */
interface Subject {
  caseId: string | null;
  organizationId: string;
  serials: string[];
  products: SimilarityProductRow[];
  site: string | null;
  title: string;
  description: string;
}

async function subjectOfCase(context: ServiceContext, actor: Actor, caseId: string): Promise<Subject> {
  const db = context.storage.db;
  const row = await loadCaseFor(db, actor, caseId, 'cases.read');
  const serials = (await listSerialsOfCases(db, [caseId])).get(caseId) ?? [];
  return {
    caseId,
    organizationId: row.organization_id,
    serials,
    products: await findProductsOfCustomer(db, row.organization_id, serials, []),
    site: null,
    title: row.title,
    description: row.description,
  };
}

async function subjectOfDraft(context: ServiceContext, actor: Actor, draft: SimilarCaseDraft): Promise<Subject> {
  const db = context.storage.db;
  const organizationId = draft.organizationId ?? (intakeRights(actor).ownOrganizationOnly ? actor.organizationId : null);
  if (!organizationId) throw invalid('errors.similarNeedsCustomer', 'organizationId');
  // A customer asking about another organisation hears what they would hear of one that does not exist.
  if (!similarCasesAccess(actor, organizationId) || !(await findOrganizationById(db, organizationId)))
    throw invalid('errors.unknownReference', 'organizationId', { entity: 'organization', id: organizationId });
  const serials = [...new Set((draft.serialNumbers ?? []).map((serial) => serial.trim()).filter(Boolean))];
  const productIds = [...new Set(draft.productIds ?? [])];
  const products = await findProductsOfCustomer(db, organizationId, serials, productIds);
  const unknown = productIds.find((id) => !products.some((product) => product.id === id));
  if (unknown) throw invalid('errors.unknownReference', 'productIds', { entity: 'product', id: unknown });
  return {
    caseId: null,
    organizationId,
    serials: [...serials, ...products.filter((product) => productIds.includes(product.id)).map((product) => product.serial_number)],
    products,
    site: draft.site?.trim() || null,
    title: draft.title ?? '',
    description: draft.description ?? '',
  };
}

/**
 * Earlier cases like this one (issue #15): the same serial number (of any customer the actor may see), another
 * product of the same model at the same customer, a title or description with the same words, another product at
 * the same site of the customer. Each with why it was found, whether it is open, and how it ended. A customer sees
 * only their own organisation's cases and nothing internal (`similarCasesAccess`).
 *
 * Cost, at any number of cases: a handful of reads before (the case or draft's products) and after (the found
 * cases' rows, serials and outcomes, for at most `limit` cases), and one index walk per reason and per title word
 * (at most 3 + MAX_SIMILARITY_TERMS): serial and words stopped after PER_REASON cases, model and site after about
 * ROWS_READ rows (`repositories/similar-cases.ts`). Nothing scans the cases. Texts are matched through the search
 * index, which trails case writes by under a second. Measured by `npm run bench -- --only million`.
 */
export async function findSimilarCases(
  context: ServiceContext,
  actor: Actor,
  subjectOf: SimilarCasesSubject,
  limit: number = DEFAULT_SIMILAR_LIMIT,
): Promise<SimilarCasesAnswer> {
  const subject =
    'caseId' in subjectOf ? await subjectOfCase(context, actor, subjectOf.caseId) : await subjectOfDraft(context, actor, subjectOf.draft);
  const access = similarCasesAccess(actor, subject.organizationId);
  if (!access) throw invalid('errors.unknownReference', 'organizationId', { entity: 'organization', id: subject.organizationId });
  const terms = similarityTerms(subject.title, subject.description);
  const sites = new Set(subject.products.map((product) => product.site).filter((site): site is string => Boolean(site)));
  if (subject.site) sites.add(subject.site);
  const models = new Map(subject.products.map((product) => [`${product.vendor_id}\u0000${product.model}`, product]));
  const db = context.storage.db;
  const hits = await findSimilarCaseHits(db, {
    excludeCaseId: subject.caseId,
    scopeOrganizationId: access.scope.organizationId,
    customerId: subject.organizationId,
    serials: [...new Set(subject.serials.map(serialKey))],
    models: [...models.values()].map((product) => ({ vendorId: product.vendor_id, model: product.model })),
    sites: [...sites],
    terms,
    perReason: PER_REASON,
  });
  return { terms, items: await presentFound(context, actor, access, hits, terms, limit) };
}

async function presentFound(
  context: ServiceContext,
  actor: Actor,
  access: SimilarCasesAccess,
  hits: Awaited<ReturnType<typeof findSimilarCaseHits>>,
  terms: readonly string[],
  limit: number,
): Promise<SimilarCase[]> {
  const reasons = new Map<string, Set<SimilarReason>>();
  const termsFound = new Map<string, Set<number>>();
  for (const hit of hits) {
    if (hit.reason !== 'text') reasons.set(hit.caseId, (reasons.get(hit.caseId) ?? new Set()).add(hit.reason));
    else if (holdsTerm(hit.text ?? '', terms[hit.term ?? 0] ?? ''))
      termsFound.set(hit.caseId, (termsFound.get(hit.caseId) ?? new Set()).add(hit.term ?? 0));
  }
  for (const [caseId, found] of termsFound) {
    if (isTextSimilar(found.size, terms.length)) reasons.set(caseId, (reasons.get(caseId) ?? new Set()).add('text'));
  }
  if (reasons.size === 0) return [];
  const db = context.storage.db;
  const rows = await findCaseListRows(db, [...reasons.keys()]);
  const ranked = rankSimilarCases(
    rows.map((row) => ({
      id: row.id,
      row,
      reasons: orderedReasons(reasons.get(row.id)!),
      open: isOpenStatus(row.status),
      receivedAt: row.received_at,
    })),
    limit,
  );
  const ids = ranked.map((entry) => entry.id);
  const [serials, outcomes] = await Promise.all([listSerialsOfCases(db, ids), findCaseOutcomes(db, ids, { problems: access.problems })]);
  return ranked.map((entry) => ({
    row: entry.row,
    serialNumbers: serials.get(entry.id) ?? [],
    reasons: entry.reasons,
    open: entry.open,
    outcome: {
      resolvedAt: entry.row.resolved_at,
      resolutionNote: outcomes.resolutionNotes.get(entry.id) ?? null,
      lastAction: outcomes.lastActions.get(entry.id) ?? null,
      actionCount: outcomes.actionCounts.get(entry.id) ?? 0,
      problems: outcomes.problems.get(entry.id) ?? [],
    },
    can: {
      noteInternal: mayAddNote(actor, { organizationId: entry.row.organization_id }, 'internal'),
      replyPublic: mayAddNote(actor, { organizationId: entry.row.organization_id }, 'public'),
    },
  }));
}
