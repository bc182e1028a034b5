import { describe, expect, it } from 'vitest';
import type { Role } from '../roles.js';
import { inboundMailRights, mayReadInboundMail } from './inbound-mail.js';

const actor = (role: Role) => ({ userId: 'u', role, organizationId: role === 'customer' ? 'org' : null });

describe('who sorts inbound mail', () => {
  it.each<[Role, string, boolean, boolean]>([
    ['admin', 'unmatched', true, true],
    ['manager', 'unmatched', true, true],
    ['secretary', 'unmatched', true, true],
    ['expert', 'unmatched', false, false],
    ['customer', 'unmatched', false, false],
    ['secretary', 'assigned', false, true],
    ['secretary', 'discarded', false, true],
  ])('%s, a mail %s: may act %s, may read %s', (role, status, acts, reads) => {
    expect(inboundMailRights(actor(role), { status })).toEqual({ assign: acts, discard: acts });
    expect(mayReadInboundMail(actor(role))).toBe(reads);
  });
});
