import { describe, expect, it } from 'vitest';
import {
  archiveChanges,
  changedFields,
  changeVerdict,
  importVerdict,
  mayDelete,
  type StoredProductFacts,
} from '@main/products/product-change-rules';
import type { ProductDetails } from '@shared/products-contract';
import { CRISPS } from './helpers';

const DETAILS: ProductDetails = { ...CRISPS, wxa_type: CRISPS.wxa_type ?? 0 };
const stored = (activations: number): StoredProductFacts => ({ ...DETAILS, activations });
const renamed = { ...DETAILS, product_title: 'Renamed', wxa_type: 2 };

describe('which product change is allowed, given its use', () => {
  it.each([
    ['identical details, unused', stored(0), DETAILS, { verdict: 'unchanged' }],
    ['identical details, in use (nothing to refuse)', stored(3), DETAILS, { verdict: 'unchanged' }],
    ['new details, unused', stored(0), renamed, { verdict: 'change', changed: ['product_title', 'wxa_type'] }],
    ['new details, in use', stored(2), renamed, { verdict: 'inUse', activations: 2 }],
  ])('update: %s', (_name, before, after, expected) => {
    expect(changeVerdict(before, after)).toEqual(expected);
  });

  it.each([
    ['a new code', undefined, DETAILS, { verdict: 'add' }],
    ['an identical row', stored(1), DETAILS, { verdict: 'unchanged' }],
    ['a changed row, unused', stored(0), renamed, { verdict: 'change', changed: ['product_title', 'wxa_type'] }],
    ['a changed row, in use', stored(1), renamed, { verdict: 'inUse', activations: 1 }],
  ])('import: %s', (_name, before, after, expected) => {
    expect(importVerdict(before, after)).toEqual(expected);
  });

  it.each([
    [0, true],
    [1, false],
    [40, false],
  ])('delete with %i activations allowed: %s', (activations, allowed) => {
    expect(mayDelete(activations)).toBe(allowed);
  });

  it.each([
    [null, true, true],
    ['2025-03-01T08:00:00.000Z', true, false],
    ['2025-03-01T08:00:00.000Z', false, true],
    [null, false, false],
  ])('archived_at %s, archive=%s: writes %s', (archivedAt, archive, writes) => {
    expect(archiveChanges(archivedAt, archive)).toBe(writes);
  });

  it('lists changed fields in field order', () => {
    expect(changedFields(DETAILS, { ...DETAILS, wxa_path: 'pages/a/b', product_brand: 'B' })).toEqual(['product_brand', 'wxa_path']);
    expect(changedFields(DETAILS, { ...DETAILS })).toEqual([]);
  });
});
