import { describe, expect, it } from 'vitest';
import type { ContractSummary } from './entitlement.js';
import { billServiceItem, isOutsideContract } from './service-billing.js';

const hotlineAndRemote: ContractSummary = {
  id: 'c1',
  number: 'SC-2026-007',
  startsAt: '2026-01-01',
  endsAt: '2026-12-31',
  services: ['hotline', 'remote'],
  policyId: null,
  departmentId: null,
};

describe('billing of one service item', () => {
  it('bills an on-site visit under a hotline-and-remote contract as chargeable work outside the contract', () => {
    const billing = billServiceItem({ type: 'onsite', on: '2026-05-04', entitlement: { billing: 'contract', contract: hotlineAndRemote } });
    expect(billing).toEqual({
      billing: 'chargeable',
      reasonCode: 'outside-contract',
      service: 'onsite',
      decidedOn: '2026-05-04',
      contractNumber: 'SC-2026-007',
      contractServices: ['hotline', 'remote'],
    });
    expect(isOutsideContract(billing)).toBe(true);
  });

  it('covers phone support and remote sessions the contract lists', () => {
    for (const type of ['phone', 'remote'] as const) {
      const billing = billServiceItem({ type, on: '2026-05-04', entitlement: { billing: 'contract', contract: hotlineAndRemote } });
      expect(billing).toMatchObject({ billing: 'contract', reasonCode: 'covered-by-contract', contractNumber: 'SC-2026-007' });
      expect(isOutsideContract(billing)).toBe(false);
    }
  });

  it('serves everything free while in guarantee, even what a contract running alongside leaves out', () => {
    const billing = billServiceItem({
      type: 'onsite',
      on: '2026-05-04',
      entitlement: { billing: 'guarantee', contract: hotlineAndRemote },
    });
    expect(billing).toMatchObject({ billing: 'guarantee', reasonCode: 'in-guarantee', contractNumber: 'SC-2026-007' });
    expect(billServiceItem({ type: 'phone', on: '2026-05-04', entitlement: { billing: 'guarantee', contract: null } })).toMatchObject({
      billing: 'guarantee',
      reasonCode: 'in-guarantee',
    });
  });

  it('bills at cost with neither guarantee nor contract, and when nothing decides the case', () => {
    expect(billServiceItem({ type: 'phone', on: '2026-05-04', entitlement: { billing: 'chargeable', contract: null } })).toMatchObject({
      billing: 'chargeable',
      reasonCode: 'not-covered',
      contractNumber: null,
      contractServices: [],
    });
    expect(billServiceItem({ type: 'remote', on: '2026-05-04', entitlement: null })).toMatchObject({
      billing: 'chargeable',
      reasonCode: 'not-covered',
    });
  });
});
