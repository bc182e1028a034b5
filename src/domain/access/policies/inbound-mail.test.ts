import { describe, expect, it } from 'vitest';
import type { Role } from '../roles.js';
import { inboundMailRights, mayReadCaseMail, mayReadInboundMail } from './inbound-mail.js';

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
    expect(inboundMailRights(actor(role), { status, reason: null })).toEqual({ assign: acts, discard: acts });
    expect(mayReadInboundMail(actor(role))).toBe(reads);
  });

  it.each<[Role, string, string, boolean, boolean]>([
    ['secretary', 'ignored', 'rate-limited', true, false],
    ['secretary', 'ignored', 'auto-reply', true, false],
    ['expert', 'ignored', 'rate-limited', false, false],
    ['secretary', 'refused', 'failed', true, true],
    ['secretary', 'refused', 'too-large', false, true],
    ['secretary', 'refused', 'unreadable', false, true],
    ['customer', 'refused', 'failed', false, false],
  ])('%s, a mail %s (%s): may make a case %s, may discard %s', (role, status, reason, assign, discard) => {
    expect(inboundMailRights(actor(role), { status, reason })).toEqual({ assign, discard });
  });
});

describe('who reads the original of a mail on a case', () => {
  const ownOrganization = (role: Role) => ({ userId: 'u', role, organizationId: role === 'customer' ? 'org' : null });
  it.each<[Role, 'own organisation' | 'other organisation', 'sent by them' | 'sent by someone else', boolean]>([
    ['admin', 'other organisation', 'sent by someone else', true],
    ['manager', 'other organisation', 'sent by someone else', true],
    ['secretary', 'other organisation', 'sent by someone else', true],
    ['expert', 'other organisation', 'sent by someone else', true],
    ['executive', 'other organisation', 'sent by someone else', true],
    ['customer', 'own organisation', 'sent by them', true],
    ['customer', 'own organisation', 'sent by someone else', false],
    ['customer', 'other organisation', 'sent by them', false],
    ['customer', 'other organisation', 'sent by someone else', false],
  ])('%s, a case of the %s, a mail %s: may read %s', (role, organization, sender, reads) => {
    const record = { organizationId: organization === 'own organisation' ? 'org' : 'elsewhere', sentByActor: sender === 'sent by them' };
    expect(mayReadCaseMail(ownOrganization(role), record)).toBe(reads);
  });
});
