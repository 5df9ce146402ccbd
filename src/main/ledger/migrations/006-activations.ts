import type { Migration } from '../migrate';

/**
 * Activations of carton-run ranges; each row is also its own outbox entry
 * (sent in id order). The product's details are copied in, so what was
 * confirmed is exactly what is sent, whatever happens to the product later.
 *
 * The ledger itself refuses two live (pending, sending, active) activations
 * of one application that overlap, and changes to a product in use.
 */
export const migration006Activations: Migration = {
  version: 6,
  name: 'activations',
  sql: `
    CREATE TABLE activations (
      id                INTEGER PRIMARY KEY,
      application_id    INTEGER NOT NULL REFERENCES applications (application_id),
      code_start        INTEGER NOT NULL CHECK (code_start >= 0),
      code_end          INTEGER NOT NULL,
      product_code      TEXT NOT NULL REFERENCES products (product_code) ON DELETE RESTRICT,
      product_brand     TEXT NOT NULL,
      product_title     TEXT NOT NULL,
      activity_name     TEXT NOT NULL,
      wxa_appid         TEXT NOT NULL,
      wxa_path          TEXT NOT NULL,
      wxa_type          INTEGER NOT NULL CHECK (wxa_type IN (0, 1, 2)),
      print_run_id      INTEGER REFERENCES print_runs (id),
      state             TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'active', 'failed', 'conflict', 'cancelled')),
      attempts          INTEGER NOT NULL DEFAULT 0,
      next_attempt_at   TEXT,
      last_error_json   TEXT,
      confirmation_json TEXT,
      confirmed_at      TEXT,
      created_by        TEXT NOT NULL,
      created_at        TEXT NOT NULL,
      updated_at        TEXT NOT NULL,
      sent_at           TEXT,
      CHECK (code_end >= code_start)
    ) STRICT;
    CREATE INDEX activations_by_range ON activations (application_id, code_start);
    CREATE INDEX activations_outbox ON activations (state, id) WHERE state IN ('pending', 'sending');

    CREATE TRIGGER activations_no_overlap_insert BEFORE INSERT ON activations
    WHEN NEW.state IN ('pending', 'sending', 'active')
    BEGIN
      SELECT RAISE(ABORT, 'activation overlaps a live activation')
      WHERE EXISTS (
        SELECT 1 FROM activations a
        WHERE a.application_id = NEW.application_id AND a.state IN ('pending', 'sending', 'active')
          AND a.code_start <= NEW.code_end AND NEW.code_start <= a.code_end
      );
    END;

    CREATE TRIGGER activations_no_overlap_revive BEFORE UPDATE OF state ON activations
    WHEN NEW.state IN ('pending', 'sending', 'active') AND OLD.state NOT IN ('pending', 'sending', 'active')
    BEGIN
      SELECT RAISE(ABORT, 'activation overlaps a live activation')
      WHERE EXISTS (
        SELECT 1 FROM activations a
        WHERE a.id != NEW.id AND a.application_id = NEW.application_id AND a.state IN ('pending', 'sending', 'active')
          AND a.code_start <= NEW.code_end AND NEW.code_start <= a.code_end
      );
    END;

    CREATE TRIGGER activations_range_fixed BEFORE UPDATE OF application_id, code_start, code_end, product_code ON activations
    BEGIN
      SELECT RAISE(ABORT, 'an activation''s range and product never change');
    END;

    CREATE TRIGGER products_in_use_unchanged BEFORE UPDATE OF product_code, product_brand, product_title, activity_name, wxa_appid, wxa_path, wxa_type ON products
    WHEN EXISTS (SELECT 1 FROM activations WHERE product_code = OLD.product_code)
    BEGIN
      SELECT RAISE(ABORT, 'product is used by an activation: archive it instead');
    END;
  `,
};
