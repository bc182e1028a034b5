import type { Actor } from './permissions.js';

/**
 * The organisations a list may show this actor: every one (`{}`), one (`{ organizationId }`), or none (`null`).
 * A customer sees only their own organisation whatever they ask for; staff see what they filter on. Every list
 * (cases, visits, surveys, trainings, organisations, projects, assets, contracts) takes its scope from here, and
 * answers an empty page without asking the database when the scope is `null`.
 */
export type OrganizationScope = { organizationId?: string } | null;

export function organizationScope(actor: Actor, requested: string | undefined): OrganizationScope {
  if (actor.role !== 'customer') return requested ? { organizationId: requested } : {};
  if (!actor.organizationId) return null;
  if (requested && requested !== actor.organizationId) return null;
  return { organizationId: actor.organizationId };
}
