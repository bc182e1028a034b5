import { describe, expect, it } from 'vitest';
import { isRetired, mailAddressOf, mayRetireCustomer } from './retirement.js';

describe('retired customers, contacts and sites', () => {
  it('a record with a retirement time is retired; without one it is active', () => {
    expect(isRetired({ retiredAt: '2026-03-01T08:00:00.000Z' })).toBe(true);
    expect(isRetired({ retiredAt: null })).toBe(false);
  });

  it('a retired contact is mailed at no address; an active one at theirs', () => {
    expect(mailAddressOf({ email: 'li@bank.example', retiredAt: null })).toBe('li@bank.example');
    expect(mailAddressOf({ email: 'li@bank.example', retiredAt: '2026-03-01T08:00:00.000Z' })).toBeNull();
    expect(mailAddressOf({ email: null, retiredAt: null })).toBeNull();
  });

  it('a customer is retired only without open cases', () => {
    expect(mayRetireCustomer(0)).toBe(true);
    expect(mayRetireCustomer(1)).toBe(false);
    expect(mayRetireCustomer(12)).toBe(false);
  });
});
