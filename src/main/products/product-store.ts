import type { ProductDetails } from '../../shared/products-contract';
import type { SqliteDatabase } from '../ledger';

/** A row of `products` (migration 004): the details a person sets, then bookkeeping. The one declaration of that row. */
export interface ProductRow extends ProductDetails {
  archived_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** A row with how many activations use it (every activation row counts, whatever its state). */
export type ProductRowWithUse = ProductRow & { activations: number };

const SELECT_WITH_USE = `SELECT p.*, (SELECT COUNT(*) FROM activations a WHERE a.product_code = p.product_code) AS activations FROM products p`;

/** SQL for products. Callers own transactions. */
export function createProductStore(db: SqliteDatabase) {
  const statements = {
    all: db.prepare(`${SELECT_WITH_USE} ORDER BY p.archived_at IS NOT NULL, p.product_brand, p.product_title, p.product_code`),
    active: db.prepare(`${SELECT_WITH_USE} WHERE p.archived_at IS NULL ORDER BY p.product_brand, p.product_title, p.product_code`),
    one: db.prepare(`${SELECT_WITH_USE} WHERE p.product_code = ?`),
    count: db.prepare('SELECT COUNT(*) AS n FROM products'),
    // Every activation row counts, whatever its state: the ledger's trigger and foreign key do the same.
    activations: db.prepare('SELECT COUNT(*) AS n FROM activations WHERE product_code = ?'),
    insert: db.prepare(
      `INSERT INTO products (product_code, product_brand, product_title, activity_name, wxa_appid, wxa_path, wxa_type, archived_at,
         created_by, created_at, updated_at)
       VALUES (@product_code, @product_brand, @product_title, @activity_name, @wxa_appid, @wxa_path, @wxa_type, NULL, @actor, @now, @now)`,
    ),
    update: db.prepare(
      `UPDATE products SET product_brand = @product_brand, product_title = @product_title, activity_name = @activity_name,
         wxa_appid = @wxa_appid, wxa_path = @wxa_path, wxa_type = @wxa_type, updated_at = @now
       WHERE product_code = @product_code`,
    ),
    setArchived: db.prepare('UPDATE products SET archived_at = ?, updated_at = ? WHERE product_code = ?'),
    delete: db.prepare('DELETE FROM products WHERE product_code = ?'),
  };

  return {
    list: (includeArchived: boolean) => (includeArchived ? statements.all : statements.active).all() as ProductRowWithUse[],
    get: (code: string) => statements.one.get(code) as ProductRowWithUse | undefined,
    count: () => (statements.count.get() as { n: number }).n,
    activationCount: (code: string) => (statements.activations.get(code) as { n: number }).n,
    insert(details: ProductDetails, actor: string, now: string): void {
      statements.insert.run({ ...details, actor, now });
    },
    update(details: ProductDetails, now: string): void {
      statements.update.run({ ...details, now });
    },
    setArchived(code: string, archivedAt: string | null, now: string): void {
      statements.setArchived.run(archivedAt, now, code);
    },
    delete(code: string): void {
      statements.delete.run(code);
    },
  };
}

export type ProductStore = ReturnType<typeof createProductStore>;
