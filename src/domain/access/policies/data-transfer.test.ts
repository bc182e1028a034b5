import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayExport, mayImport, mayImportKind } from './data-transfer.js';

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

describe('import and export policy (actor × action → allowed)', () => {
  const WHO_MAY: Record<string, [(actor: Actor) => boolean, Role[]]> = {
    'import CSV': [mayImport, ['admin', 'manager', 'secretary']],
    'export CSV': [mayExport, ['admin', 'manager', 'secretary']],
    'import products': [(actor) => mayImportKind(actor, 'products'), ['admin', 'manager', 'secretary']],
    // Contracts are kept by those who manage contracts, fewer than the importers of the other kinds.
    'import contracts': [(actor) => mayImportKind(actor, 'contracts'), ['admin', 'manager']],
  };
  const cells = Object.entries(WHO_MAY).flatMap(([action, [, roles]]) =>
    ROLES.map((role) => [role, action, roles.includes(role)] as const),
  );
  it.each(cells)('%s: %s → %s', (role, action, allowed) => {
    expect(WHO_MAY[action]![0](actor(role))).toBe(allowed);
  });
});
