import type { Migration } from '../migrate';

/**
 * Products that activations point to. The EAN check digit, the Mini Program
 * appid and path are checked in code (src/shared/validation/product-rules.ts);
 * the table keeps the shapes SQLite can check cheaply. A product used by an
 * activation can be archived but never deleted or changed (triggers in 006).
 */
export const migration004Products: Migration = {
  version: 4,
  name: 'products',
  sql: `
    CREATE TABLE products (
      product_code  TEXT PRIMARY KEY CHECK (length(product_code) IN (8, 13) AND product_code NOT GLOB '*[^0-9]*'),
      product_brand TEXT NOT NULL CHECK (length(product_brand) > 0),
      product_title TEXT NOT NULL CHECK (length(product_title) > 0),
      activity_name TEXT NOT NULL CHECK (length(activity_name) > 0),
      wxa_appid     TEXT NOT NULL CHECK (length(wxa_appid) = 18 AND wxa_appid GLOB 'wx*'),
      wxa_path      TEXT NOT NULL CHECK (length(wxa_path) > 0),
      wxa_type      INTEGER NOT NULL DEFAULT 0 CHECK (wxa_type IN (0, 1, 2)),
      archived_at   TEXT,
      created_by    TEXT NOT NULL,
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL
    ) STRICT;
  `,
};
