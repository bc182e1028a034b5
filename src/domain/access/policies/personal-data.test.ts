import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayChangeRetention, mayErasePersonalData, mayExportPersonalData, type DataSubjectRecord } from './personal-data.js';

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

const SUBJECTS: Record<string, DataSubjectRecord & { erased: boolean }> = {
  contact: { kind: 'contact', erased: false },
  'erased contact': { kind: 'contact', erased: true },
  'customer user': { kind: 'user', role: 'customer', erased: false },
  'staff user': { kind: 'user', role: 'expert', erased: false },
};

type Check = (actor: Actor, subject: DataSubjectRecord & { erased: boolean }) => boolean;

describe('personal data policy (actor × subject × action → allowed)', () => {
  const WHO_MAY: Record<string, [Check, Record<string, Role[]>]> = {
    export: [mayExportPersonalData, { contact: ['admin'], 'erased contact': ['admin'], 'customer user': ['admin'], 'staff user': [] }],
    erase: [mayErasePersonalData, { contact: ['admin'], 'erased contact': [], 'customer user': ['admin'], 'staff user': [] }],
    'change retention': [
      (who) => mayChangeRetention(who),
      { contact: ['admin'], 'erased contact': ['admin'], 'customer user': ['admin'], 'staff user': ['admin'] },
    ],
  };
  const cells = Object.entries(WHO_MAY).flatMap(([action, [, bySubject]]) =>
    Object.entries(bySubject).flatMap(([subject, roles]) => ROLES.map((role) => [role, subject, action, roles.includes(role)] as const)),
  );
  it.each(cells)('%s × %s: %s → %s', (role, subject, action, allowed) => {
    expect(WHO_MAY[action]![0](actor(role), SUBJECTS[subject]!)).toBe(allowed);
  });
});
