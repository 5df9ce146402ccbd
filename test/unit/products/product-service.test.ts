import { afterEach, describe, expect, it } from 'vitest';
import { TRAINING_DEMO_PRODUCTS } from '@main/connection';
import { SYSTEM_ACTOR } from '@main/products';
import { ACTOR, CRISPS, insertActivation, MILK, productFixture } from './helpers';

let fixture: ReturnType<typeof productFixture>;
afterEach(() => fixture?.db.close());

describe('product service', () => {
  it('adds a product (trimmed), lists and gets it, and audits who did it', async () => {
    fixture = productFixture();
    const { products, handlers, audit, asked, changes } = fixture;
    const added = await handlers.add({ ...CRISPS, product_brand: '  Demo Snacks  ' });
    expect(added).toMatchObject({
      product_code: '4006381333931',
      product_brand: 'Demo Snacks',
      archived_at: null,
      activations: 0,
      created_by: 'supervisor:王工',
    });
    expect(products.list()).toEqual([added]);
    expect(products.get(' 4006381333931 ')).toEqual(added);
    expect(asked).toEqual(['products.add']);
    expect(changes).toEqual([{ action: 'added', product_codes: ['4006381333931'] }]);
    const [entry] = audit.list();
    expect(entry).toMatchObject({
      actor: 'supervisor:王工',
      action: 'product.added',
      subject: 'product:4006381333931',
      details: { product_brand: 'Demo Snacks', wxa_type: 0 },
    });
    expect(audit.verify()).toEqual({ ok: true, entries: 1 });
  });

  it('refuses invalid products naming every bad field, in both languages, and writes nothing', () => {
    fixture = productFixture();
    const { products, audit } = fixture;
    let error: unknown;
    try {
      products.add({ ...CRISPS, product_code: '4006381333932', wxa_appid: 'wx12', wxa_path: '/pages/index/index' }, ACTOR);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'PRODUCT_INVALID',
      details: { product_code: 'eanCheckDigit', wxa_appid: 'appidFormat', wxa_path: 'pathLeadingSlash' },
    });
    const localized = (error as { localized: Record<string, { message: string }> }).localized;
    expect(localized.en!.message).toContain('it should be 1');
    expect(localized['zh-CN']!.message).toContain('校验位');
    expect(localized['zh-CN']!.message).toContain('应为 1');
    expect(products.list({ include_archived: true })).toEqual([]);
    expect(audit.list()).toEqual([]);
  });

  it('refuses a duplicate code, saying whether the existing one is archived', () => {
    fixture = productFixture();
    const { products } = fixture;
    products.add(CRISPS, ACTOR);
    expect(() => products.add(CRISPS, ACTOR)).toThrow(
      expect.objectContaining({ code: 'PRODUCT_EXISTS', details: expect.objectContaining({ archived: false }) }),
    );
    products.archive(CRISPS.product_code, ACTOR);
    expect(() => products.add(CRISPS, ACTOR)).toThrow(
      expect.objectContaining({ code: 'PRODUCT_EXISTS', details: expect.objectContaining({ archived: true }) }),
    );
  });

  it('asks the supervisor gate before every write and writes nothing when refused', () => {
    fixture = productFixture({ actor: null });
    const { products, handlers, db, audit } = fixture;
    expect(() => handlers.add(CRISPS)).toThrow(expect.objectContaining({ code: 'SUPERVISOR_REQUIRED' }));
    expect(() => handlers.importCsv('product_code\n')).toThrow(expect.objectContaining({ code: 'SUPERVISOR_REQUIRED' }));
    db.prepare(
      `INSERT INTO products (product_code, product_brand, product_title, activity_name, wxa_appid, wxa_path, wxa_type, created_by, created_at, updated_at)
       VALUES ('40063812', 'b', 't', 'a', 'wx0123456789abcdef', 'p', 0, 'x', 'now', 'now')`,
    ).run();
    for (const write of [
      () => handlers.update({ ...MILK }),
      () => handlers.archive('40063812'),
      () => handlers.unarchive('40063812'),
      () => handlers.delete('40063812'),
    ]) {
      expect(write).toThrow(expect.objectContaining({ code: 'SUPERVISOR_REQUIRED' }));
    }
    expect(fixture.asked).toEqual([
      'products.add',
      'products.import',
      'products.update',
      'products.archive',
      'products.unarchive',
      'products.delete',
    ]);
    expect(products.list()).toHaveLength(1);
    expect(audit.list()).toEqual([]);
  });

  it('updates a product not in use, auditing what changed; an identical update is a no-op', () => {
    fixture = productFixture();
    const { products, audit, changes } = fixture;
    products.add(MILK, ACTOR);
    const updated = products.update({ ...MILK, product_title: '纯牛奶 250ml ×24', wxa_type: 0 }, ACTOR);
    expect(updated).toMatchObject({ product_title: '纯牛奶 250ml ×24', wxa_type: 0 });
    const entry = audit.list({ action: 'product.updated' })[0]!;
    expect(entry.details).toMatchObject({
      changed: ['product_title', 'wxa_type'],
      before: { product_title: '纯牛奶 250ml ×12', wxa_type: 2 },
      after: { product_title: '纯牛奶 250ml ×24', wxa_type: 0 },
    });
    products.update({ ...MILK, product_title: '纯牛奶 250ml ×24', wxa_type: 0 }, ACTOR);
    expect(audit.list()).toHaveLength(2);
    expect(changes.map((change) => change.action)).toEqual(['added', 'updated']);
    expect(() => products.update({ ...CRISPS }, ACTOR)).toThrow(expect.objectContaining({ code: 'PRODUCT_NOT_FOUND' }));
  });

  it('a product in use cannot be deleted or changed, but can be archived and unarchived', () => {
    fixture = productFixture();
    const { products, db, audit } = fixture;
    products.add(CRISPS, ACTOR);
    insertActivation(db, CRISPS.product_code);
    insertActivation(db, CRISPS.product_code, 'failed');
    expect(products.get(CRISPS.product_code).activations).toBe(2);

    let refusal: unknown;
    try {
      products.delete(CRISPS.product_code, ACTOR);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      code: 'PRODUCT_IN_USE',
      details: { product_code: CRISPS.product_code, activations: 2, action: 'delete' },
      localized: {
        'zh-CN': { message: `产品 ${CRISPS.product_code} 已被 2 个激活使用，不能删除。` },
        en: { message: `Product ${CRISPS.product_code} is used by 2 activation(s) and cannot be deleted.` },
      },
    });
    expect(() => products.update({ ...CRISPS, product_title: 'Renamed' }, ACTOR)).toThrow(
      expect.objectContaining({ code: 'PRODUCT_IN_USE', details: expect.objectContaining({ activations: 2, action: 'update' }) }),
    );
    // The same details again change nothing, so they are fine.
    expect(products.update({ ...CRISPS }, ACTOR).product_title).toBe(CRISPS.product_title);

    const archived = products.archive(CRISPS.product_code, ACTOR);
    expect(archived.archived_at).toBe('2025-03-01T08:00:00.000Z');
    expect(products.list()).toEqual([]);
    expect(products.list({ include_archived: true })).toEqual([archived]);
    expect(products.unarchive(CRISPS.product_code, ACTOR).archived_at).toBeNull();

    expect(products.get(CRISPS.product_code)).toMatchObject({ product_title: CRISPS.product_title });
    expect(audit.list().map((entry) => entry.action)).toEqual(['product.added', 'product.archived', 'product.unarchived']);
    // The ledger's own guards agree with the service.
    expect(() => db.prepare("UPDATE products SET product_title = 'x' WHERE product_code = ?").run(CRISPS.product_code)).toThrow(
      /archive it instead/,
    );
    expect(() => db.prepare('DELETE FROM products WHERE product_code = ?').run(CRISPS.product_code)).toThrow(/FOREIGN KEY/);
  });

  it('deletes a product no activation uses', () => {
    fixture = productFixture();
    const { products, audit, changes } = fixture;
    products.add(CRISPS, ACTOR);
    expect(products.delete(CRISPS.product_code, ACTOR)).toEqual({ product_code: CRISPS.product_code });
    expect(products.list({ include_archived: true })).toEqual([]);
    expect(audit.list({ action: 'product.deleted' })[0]).toMatchObject({ details: { product_title: CRISPS.product_title } });
    expect(changes.at(-1)).toEqual({ action: 'deleted', product_codes: [CRISPS.product_code] });
    expect(() => products.delete(CRISPS.product_code, ACTOR)).toThrow(expect.objectContaining({ code: 'PRODUCT_NOT_FOUND' }));
  });

  it('archiving twice is harmless and audited once', () => {
    fixture = productFixture();
    const { products, audit } = fixture;
    products.add(CRISPS, ACTOR);
    products.archive(CRISPS.product_code, ACTOR);
    products.archive(CRISPS.product_code, ACTOR);
    expect(audit.list({ action: 'product.archived' })).toHaveLength(1);
  });

  it('lists active products by brand and title, archived ones last', () => {
    fixture = productFixture();
    const { products } = fixture;
    products.add(MILK, ACTOR);
    products.add(CRISPS, ACTOR);
    products.add({ ...CRISPS, product_code: '73513537', product_brand: 'Alpha' }, ACTOR);
    products.archive('73513537', ACTOR);
    expect(products.list().map((product) => product.product_code)).toEqual(['4006381333931', '40063812']);
    expect(products.list({ include_archived: true }).map((product) => product.product_code)).toEqual([
      '4006381333931',
      '40063812',
      '73513537',
    ]);
  });

  it('seeds the Training demo products once, as system, only into an empty table', () => {
    fixture = productFixture();
    const { products, audit } = fixture;
    expect(products.seedDemoProducts(SYSTEM_ACTOR)).toBe(TRAINING_DEMO_PRODUCTS.length);
    expect(products.list().map((product) => product.created_by)).toEqual(TRAINING_DEMO_PRODUCTS.map(() => 'system'));
    expect(audit.list()).toMatchObject([{ actor: 'system', action: 'products.seeded' }]);
    expect(products.seedDemoProducts(SYSTEM_ACTOR)).toBe(0);
    for (const product of products.list()) products.delete(product.product_code, ACTOR);
    // Deleted demo products stay deleted.
    expect(products.seedDemoProducts(SYSTEM_ACTOR)).toBe(0);
    expect(products.list()).toEqual([]);

    fixture.db.close();
    fixture = productFixture();
    fixture.products.add(CRISPS, ACTOR);
    expect(fixture.products.seedDemoProducts(SYSTEM_ACTOR)).toBe(0);
  });

  it('exports CSV that imports back unchanged', () => {
    fixture = productFixture();
    const { products } = fixture;
    products.add(MILK, ACTOR);
    products.add({ ...CRISPS, product_title: 'Crisps, "extra" salty' }, ACTOR);
    const exported = products.exportCsv();
    expect(exported.count).toBe(2);
    expect(exported.file_name).toBe('products-2025-03-01.csv');
    expect(exported.csv.startsWith('\uFEFFproduct_code,product_brand,product_title,activity_name,wxa_appid,wxa_path,wxa_type\r\n')).toBe(
      true,
    );
    expect(exported.csv).toContain('"Crisps, ""extra"" salty"');
    const report = products.importCsv(exported.csv, ACTOR);
    expect(report).toMatchObject({ imported: true, added: 0, updated: 0, unchanged: 2, invalid: 0 });
  });
});
