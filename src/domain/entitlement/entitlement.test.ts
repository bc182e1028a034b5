import { describe, expect, it } from 'vitest';
import {
  calendarDateOf,
  chooseContract,
  decideEntitlement,
  decideOrganizationEntitlement,
  isCalendarDate,
  primaryDecision,
  type ContractFacts,
} from './entitlement.js';

const product = { serialNumber: 'FOC1234X0AB', guaranteeEndsAt: '2026-03-31' };

function contract(overrides: Partial<ContractFacts> = {}): ContractFacts {
  return {
    id: 'c1',
    number: 'SC-2026-001',
    startsAt: '2026-04-01',
    endsAt: '2027-03-31',
    services: ['hotline', 'remote'],
    policyId: null,
    departmentId: null,
    coverage: 'product',
    ...overrides,
  };
}

describe('entitlement of a product', () => {
  it('is free on the last day of the guarantee and chargeable the day after', () => {
    expect(decideEntitlement({ on: '2026-03-31', serialNumber: product.serialNumber, product, contracts: [] })).toMatchObject({
      billing: 'guarantee',
      reasonCode: 'in-guarantee',
      guaranteeEndsAt: '2026-03-31',
    });
    const after = decideEntitlement({ on: '2026-04-01', serialNumber: product.serialNumber, product, contracts: [] });
    expect(after).toMatchObject({ billing: 'chargeable', reasonCode: 'guarantee-ended', contract: null });
    expect(after.reason).toContain('2026-03-31');
  });

  it('is chargeable the day before a contract starts, and covered from its first day', () => {
    const later = { ...product, guaranteeEndsAt: '2025-12-31' };
    const before = decideEntitlement({ on: '2026-03-31', serialNumber: later.serialNumber, product: later, contracts: [contract()] });
    expect(before).toMatchObject({ billing: 'chargeable', reasonCode: 'contract-not-started', contract: null });
    expect(before.reason).toContain('starts on 2026-04-01');
    const first = decideEntitlement({ on: '2026-04-01', serialNumber: later.serialNumber, product: later, contracts: [contract()] });
    expect(first).toMatchObject({
      billing: 'contract',
      reasonCode: 'under-contract',
      contract: { id: 'c1', number: 'SC-2026-001', services: ['hotline', 'remote'] },
    });
  });

  it('is covered on the last day of a contract and chargeable the day after, naming the ended contract', () => {
    const expired = { ...product, guaranteeEndsAt: '2025-12-31' };
    expect(
      decideEntitlement({ on: '2027-03-31', serialNumber: expired.serialNumber, product: expired, contracts: [contract()] }).billing,
    ).toBe('contract');
    const after = decideEntitlement({ on: '2027-04-01', serialNumber: expired.serialNumber, product: expired, contracts: [contract()] });
    expect(after).toMatchObject({ billing: 'chargeable', reasonCode: 'contract-ended' });
    expect(after.reason).toContain('ended on 2027-03-31');
  });

  it('prefers the guarantee over a contract but still names the contract (its services and policy apply)', () => {
    const decision = decideEntitlement({
      on: '2026-02-01',
      serialNumber: product.serialNumber,
      product,
      contracts: [contract({ startsAt: '2026-01-01', policyId: 'gold' })],
    });
    expect(decision).toMatchObject({ billing: 'guarantee', contract: { id: 'c1', policyId: 'gold' } });
  });

  it('answers chargeable with the reason for a product not on record', () => {
    const decision = decideEntitlement({ on: '2026-02-01', serialNumber: 'NOPE', product: null, contracts: [] });
    expect(decision).toMatchObject({ billing: 'chargeable', reasonCode: 'unknown-product', serialNumber: 'NOPE', guaranteeEndsAt: null });
  });

  it('answers chargeable for a retired product, even in guarantee and under a contract', () => {
    const retired = { ...product, retired: true };
    const decision = decideEntitlement({
      on: '2026-04-02',
      serialNumber: product.serialNumber,
      product: retired,
      contracts: [contract()],
    });
    expect(decision).toMatchObject({ billing: 'chargeable', reasonCode: 'product-retired', contract: null });
    expect(decideEntitlement({ on: '2026-03-01', serialNumber: 'X', product: retired, contracts: [] }).billing).toBe('chargeable');
  });

  it('treats a product without a project (no guarantee date) as out of guarantee', () => {
    const loose = { serialNumber: 'X', guaranteeEndsAt: null };
    expect(decideEntitlement({ on: '2026-02-01', serialNumber: 'X', product: loose, contracts: [] })).toMatchObject({
      billing: 'chargeable',
      reasonCode: 'no-contract',
    });
  });
});

describe('overlapping contracts', () => {
  const wide = contract({
    id: 'wide',
    number: 'SC-A',
    startsAt: '2026-01-01',
    endsAt: '2026-12-31',
    coverage: 'organization',
    services: ['hotline'],
  });
  const project = contract({
    id: 'project',
    number: 'SC-B',
    startsAt: '2025-06-01',
    endsAt: '2026-12-31',
    coverage: 'project',
    services: ['onsite'],
  });
  const newer = contract({
    id: 'newer',
    number: 'SC-C',
    startsAt: '2026-02-01',
    endsAt: '2026-12-31',
    coverage: 'project',
    services: ['remote'],
  });

  it('takes the contract naming the product most closely', () => {
    expect(chooseContract([wide, project], '2026-03-01')?.id).toBe('project');
    expect(chooseContract([wide, project, contract({ id: 'serial', startsAt: '2026-01-01' })], '2026-03-01')?.id).toBe('serial');
  });

  it('between equally close contracts takes the newer one, and is the same whatever the order', () => {
    expect(chooseContract([project, newer], '2026-03-01')?.id).toBe('newer');
    expect(chooseContract([newer, project], '2026-03-01')?.id).toBe('newer');
  });

  it('falls back to the other contract when the preferred one is not yet in force', () => {
    expect(chooseContract([project, newer], '2026-01-15')?.id).toBe('project');
    expect(chooseContract([wide, project], '2025-12-31')?.id).toBe('project');
    expect(chooseContract([wide], '2025-12-31')).toBeNull();
  });

  it('breaks a full tie by contract number', () => {
    const twin = contract({ ...newer, id: 'twin', number: 'SC-0' });
    expect(chooseContract([newer, twin], '2026-03-01')?.id).toBe('twin');
  });
});

describe('entitlement of an organisation and of a case', () => {
  it('is decided only by a contract covering the whole organisation', () => {
    expect(
      decideOrganizationEntitlement({ on: '2026-03-01', contracts: [contract({ coverage: 'project', startsAt: '2026-01-01' })] }),
    ).toBeNull();
    expect(
      decideOrganizationEntitlement({ on: '2026-03-01', contracts: [contract({ coverage: 'organization', startsAt: '2026-01-01' })] }),
    ).toMatchObject({
      billing: 'contract',
      serialNumber: null,
    });
  });

  it('takes the first product on record when a case names several', () => {
    const unknown = decideEntitlement({ on: '2026-02-01', serialNumber: 'NOPE', product: null, contracts: [] });
    const known = decideEntitlement({ on: '2026-02-01', serialNumber: product.serialNumber, product, contracts: [] });
    expect(primaryDecision([unknown, known])).toBe(known);
    expect(primaryDecision([unknown])).toBe(unknown);
    expect(primaryDecision([])).toBeNull();
  });
});

describe('calendar dates', () => {
  it('accepts real days only and takes the UTC day of an instant', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-2-28')).toBe(false);
    expect(calendarDateOf('2026-03-31T23:59:59.999Z')).toBe('2026-03-31');
  });
});
