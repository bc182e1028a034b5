import { describe, expect, it } from 'vitest';
import { ROLES } from '../roles.js';
import { mayApproveExchangesAndCompensations } from './exchanges.js';

describe('exchange policy: who may approve an exchange or a compensation (role × active → allowed)', () => {
  const cells = ROLES.flatMap((role) => [
    [role, 'active', role === 'manager' || role === 'admin'] as const,
    [role, 'disabled', false] as const,
  ]);
  it.each(cells)('%s, %s → %s', (role, state, allowed) => {
    expect(mayApproveExchangesAndCompensations({ role, disabled: state === 'disabled' })).toBe(allowed);
  });
});
