import { describe, expect, it } from 'vitest';
import { assetStatusOf, mayChangeAssetStatus } from './product-status.js';

describe('product status', () => {
  it('lets staff retire a product in service and reactivate a retired one', () => {
    expect(mayChangeAssetStatus('in-service')).toBe(true);
    expect(mayChangeAssetStatus('retired')).toBe(true);
  });

  it('keeps an exchanged product exchanged', () => {
    expect(mayChangeAssetStatus('exchanged')).toBe(false);
  });

  it('reads a stored status, an unknown one as in service', () => {
    expect(assetStatusOf('retired')).toBe('retired');
    expect(assetStatusOf('scrapped')).toBe('in-service');
  });
});
