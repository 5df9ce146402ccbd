import type {
  ImportProblem,
  ImportRow,
  Product,
  ProductExport,
  ProductImportReport,
  ProductsChanged,
} from '../../shared/products-contract';
import {
  checkProduct,
  expectedCheckDigit,
  normaliseProductInput,
  type ProductField,
  type ProductFieldProblem,
  type ProductInput,
} from '../../shared/validation/product-rules';
import type { AuditLog } from '../audit';
import { TRAINING_DEMO_PRODUCTS } from '../connection/training';
import type { SqliteDatabase } from '../ledger';
import type { SupervisorGate } from '../supervisors/gate';
import { CSV_COLUMNS, formatProductsCsv, OPTIONAL_CSV_COLUMNS, parseCsv, type CsvColumn } from './product-csv';
import { productExistsError, productInUseError, productInvalidError, productNotFoundError } from './product-errors';
import { changedFields, createProductStore, type ProductDetails, type ProductRowWithUse } from './product-store';

/** The most products one import may carry. */
export const MAX_IMPORT_ROWS = 10_000;

export interface ProductServiceOptions {
  db: SqliteDatabase;
  audit: AuditLog;
  /** Decides who may edit products and who to record; products are supervisor-only. */
  gate: SupervisorGate;
  now?: () => Date;
  onChanged?: (change: ProductsChanged) => void;
}

/** The actor recorded for what the app does by itself (the Training seed). */
export const SYSTEM_ACTOR = 'system';

function toProduct(row: ProductRowWithUse): Product {
  return {
    product_code: row.product_code,
    product_brand: row.product_brand,
    product_title: row.product_title,
    activity_name: row.activity_name,
    wxa_appid: row.wxa_appid,
    wxa_path: row.wxa_path,
    wxa_type: row.wxa_type,
    archived_at: row.archived_at,
    activations: row.activations,
    created_by: row.created_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function detailsOf(row: ProductDetails): ProductDetails {
  return {
    product_code: row.product_code,
    product_brand: row.product_brand,
    product_title: row.product_title,
    activity_name: row.activity_name,
    wxa_appid: row.wxa_appid,
    wxa_path: row.wxa_path,
    wxa_type: row.wxa_type,
  };
}

/** Validates (shared rules) and trims; throws PRODUCT_INVALID naming every bad field. */
function validDetails(input: ProductInput): ProductDetails {
  const problems = checkProduct(input);
  if (Object.keys(problems).length > 0) {
    const digit = expectedCheckDigit(input.product_code ?? '');
    throw productInvalidError(problems, digit === undefined ? undefined : { digit });
  }
  return normaliseProductInput(input);
}

/** An import row before anything is written: its details (when readable) and what would happen to it. */
interface PlannedRow extends ImportRow {
  details?: ProductDetails;
  changed?: (keyof ProductDetails)[];
}

/**
 * Products that activations point to. Every write asks the supervisor gate
 * first and commits together with its audit entry. A product used by an
 * activation can be archived and unarchived, never changed or deleted (the
 * ledger refuses too; we check first to say so in words).
 */
export function createProductService(options: ProductServiceOptions) {
  const { db, audit, gate } = options;
  const store = createProductStore(db);
  const now = () => (options.now ?? (() => new Date()))().toISOString();

  function find(code: string): ProductRowWithUse {
    const row = store.get(code.trim());
    if (!row) throw productNotFoundError(code.trim());
    return row;
  }

  function changed(action: ProductsChanged['action'], codes: string[]): void {
    if (codes.length > 0) options.onChanged?.({ action, product_codes: codes });
  }

  /** Reads the CSV and decides every row's fate without writing anything. */
  function planImport(text: string): PlannedRow[] {
    const fileProblem = (problem: ImportProblem['problem'], line = 1, params?: ImportProblem['params']): PlannedRow[] => [
      { line, product_code: null, outcome: 'invalid', problems: [{ field: null, problem, ...(params ? { params } : {}) }] },
    ];
    const replacement = text.indexOf('\uFFFD');
    if (replacement >= 0) return fileProblem('notUtf8', text.slice(0, replacement).split(/\r\n|\r|\n/).length);
    const parsed = parseCsv(text);
    if (!parsed.ok) return fileProblem('unclosedQuote', parsed.line);
    const [header, ...records] = parsed.records;
    if (!header) return fileProblem('empty');

    const names = header.fields.map((name) => name.trim().toLowerCase());
    const known = new Set<string>(CSV_COLUMNS);
    const headerOk =
      names.every((name) => known.has(name)) &&
      new Set(names).size === names.length &&
      CSV_COLUMNS.every((column) => OPTIONAL_CSV_COLUMNS.includes(column) || names.includes(column));
    if (!headerOk) return fileProblem('header', header.line, { expected: CSV_COLUMNS.join(',') });
    if (records.length === 0) return fileProblem('empty', header.line);
    if (records.length > MAX_IMPORT_ROWS) return fileProblem('tooManyRows', records[MAX_IMPORT_ROWS]!.line, { max: MAX_IMPORT_ROWS });

    const firstLine = new Map<string, number>();
    return records.map((record): PlannedRow => {
      if (record.fields.length !== names.length) {
        return {
          line: record.line,
          product_code: record.fields[0]?.trim() || null,
          outcome: 'invalid',
          problems: [{ field: null, problem: 'columnCount', params: { expected: names.length, found: record.fields.length } }],
        };
      }
      const cell = (column: CsvColumn) => {
        const at = names.indexOf(column);
        return at < 0 ? '' : record.fields[at]!;
      };
      const typeText = cell('wxa_type').trim();
      const input: ProductInput = {
        product_code: cell('product_code'),
        product_brand: cell('product_brand'),
        product_title: cell('product_title'),
        activity_name: cell('activity_name'),
        wxa_appid: cell('wxa_appid'),
        wxa_path: cell('wxa_path'),
        wxa_type: typeText === '' ? 0 : /^[0-9]$/.test(typeText) ? Number(typeText) : NaN,
      };
      const code = input.product_code.trim();
      const problems: ImportProblem[] = (Object.entries(checkProduct(input)) as [ProductField, ProductFieldProblem][]).map(
        ([field, problem]) => {
          const digit = problem === 'eanCheckDigit' ? expectedCheckDigit(code) : undefined;
          return { field, problem, ...(digit === undefined ? {} : { params: { digit } }) };
        },
      );
      if (code !== '') {
        const seen = firstLine.get(code);
        if (seen !== undefined) problems.push({ field: 'product_code', problem: 'duplicateInFile', params: { line: seen } });
        else firstLine.set(code, record.line);
      }
      if (problems.length > 0) return { line: record.line, product_code: code || null, outcome: 'invalid', problems };

      const details = normaliseProductInput(input);
      const existing = store.get(details.product_code);
      if (!existing) return { line: record.line, product_code: code, outcome: 'added', problems: [], details };
      const fields = changedFields(existing, details);
      if (fields.length === 0) return { line: record.line, product_code: code, outcome: 'unchanged', problems: [] };
      if (existing.activations > 0) {
        return {
          line: record.line,
          product_code: code,
          outcome: 'invalid',
          problems: [{ field: null, problem: 'inUse', params: { activations: existing.activations } }],
        };
      }
      return { line: record.line, product_code: code, outcome: 'updated', problems: [], details, changed: fields };
    });
  }

  return {
    /** Active products, or every product (archived last) with `include_archived`. */
    list(request: { include_archived?: boolean } = {}): Product[] {
      return store.list(request.include_archived ?? false).map(toProduct);
    },

    /** One product by its code; PRODUCT_NOT_FOUND when there is none. */
    get(code: string): Product {
      return toProduct(find(code));
    },

    add(input: ProductInput): Product {
      const actor = gate.requireSupervisor('products.add');
      const details = validDetails(input);
      const existing = store.get(details.product_code);
      if (existing) throw productExistsError(details.product_code, existing.archived_at !== null);
      db.transaction(() => {
        store.insert(details, actor, now());
        audit.append({ actor, action: 'product.added', subject: `product:${details.product_code}`, details: { ...details } });
      }).immediate();
      changed('added', [details.product_code]);
      return toProduct(find(details.product_code));
    },

    /** Changes a product's details (its code is its identity and never changes). Refused while activations use it. */
    update(input: ProductInput): Product {
      const actor = gate.requireSupervisor('products.update');
      const details = validDetails(input);
      const row = find(details.product_code);
      const fields = changedFields(row, details);
      if (fields.length === 0) return toProduct(row);
      if (row.activations > 0) throw productInUseError(row.product_code, row.activations, 'update');
      db.transaction(() => {
        store.update(details, now());
        audit.append({
          actor,
          action: 'product.updated',
          subject: `product:${row.product_code}`,
          details: { changed: fields, before: { ...detailsOf(row) }, after: { ...details } },
        });
      }).immediate();
      changed('updated', [row.product_code]);
      return toProduct(find(row.product_code));
    },

    /** Hides a product from new activations; allowed whether or not it is in use. */
    archive(code: string): Product {
      const actor = gate.requireSupervisor('products.archive');
      const row = find(code);
      if (row.archived_at !== null) return toProduct(row);
      const at = now();
      db.transaction(() => {
        store.setArchived(row.product_code, at, at);
        audit.append({
          actor,
          action: 'product.archived',
          subject: `product:${row.product_code}`,
          details: { activations: row.activations },
        });
      }).immediate();
      changed('archived', [row.product_code]);
      return toProduct(find(row.product_code));
    },

    unarchive(code: string): Product {
      const actor = gate.requireSupervisor('products.unarchive');
      const row = find(code);
      if (row.archived_at === null) return toProduct(row);
      db.transaction(() => {
        store.setArchived(row.product_code, null, now());
        audit.append({ actor, action: 'product.unarchived', subject: `product:${row.product_code}`, details: {} });
      }).immediate();
      changed('unarchived', [row.product_code]);
      return toProduct(find(row.product_code));
    },

    /** Deletes a product no activation uses; one in use gets PRODUCT_IN_USE naming how many. */
    delete(code: string): { product_code: string } {
      const actor = gate.requireSupervisor('products.delete');
      const row = find(code);
      db.transaction(() => {
        // Counted inside the transaction so an activation recorded meanwhile is seen.
        const activations = store.activationCount(row.product_code);
        if (activations > 0) throw productInUseError(row.product_code, activations, 'delete');
        store.delete(row.product_code);
        audit.append({ actor, action: 'product.deleted', subject: `product:${row.product_code}`, details: { ...detailsOf(row) } });
      }).immediate();
      changed('deleted', [row.product_code]);
      return { product_code: row.product_code };
    },

    /**
     * Imports products from CSV, all or nothing: every row is checked first and
     * each bad one reported with its line and reasons; only a wholly good file
     * is written. Existing codes are updated when changed and not in use,
     * skipped when identical, and refused when in use and different. Archived
     * products stay archived.
     */
    importCsv(text: string): ProductImportReport {
      const actor = gate.requireSupervisor('products.import');
      const write = db.transaction(() => {
        // Planned inside the write transaction: nothing can change between checking and writing.
        const planned = planImport(text);
        if (planned.some((row) => row.outcome === 'invalid')) return planned;
        const at = now();
        for (const row of planned) {
          if (row.outcome === 'added' && row.details) {
            store.insert(row.details, actor, at);
            audit.append({
              actor,
              action: 'product.added',
              subject: `product:${row.details.product_code}`,
              details: { ...row.details, via: 'csv_import', line: row.line },
            });
          } else if (row.outcome === 'updated' && row.details) {
            const before = detailsOf(store.get(row.details.product_code)!);
            store.update(row.details, at);
            audit.append({
              actor,
              action: 'product.updated',
              subject: `product:${row.details.product_code}`,
              details: { changed: row.changed ?? [], before: { ...before }, after: { ...row.details }, via: 'csv_import', line: row.line },
            });
          }
        }
        const count = (outcome: ImportRow['outcome']) => planned.filter((row) => row.outcome === outcome).length;
        audit.append({
          actor,
          action: 'products.imported',
          subject: null,
          details: { rows: planned.length, added: count('added'), updated: count('updated'), unchanged: count('unchanged') },
        });
        return planned;
      });
      const planned = write.immediate();
      const rows: ImportRow[] = planned.map(({ line, product_code, outcome, problems }) => ({ line, product_code, outcome, problems }));
      const count = (outcome: ImportRow['outcome']) => rows.filter((row) => row.outcome === outcome).length;
      const imported = count('invalid') === 0;
      if (imported) {
        changed(
          'imported',
          rows.filter((row) => row.outcome === 'added' || row.outcome === 'updated').map((row) => row.product_code ?? ''),
        );
      }
      return { imported, added: count('added'), updated: count('updated'), unchanged: count('unchanged'), invalid: count('invalid'), rows };
    },

    /** The products as CSV (active only unless `include_archived`), ready for `importCsv` on another station. */
    exportCsv(request: { include_archived?: boolean } = {}): ProductExport {
      const rows = store.list(request.include_archived ?? false);
      const stamp = now().slice(0, 10);
      return { csv: formatProductsCsv(rows.map(detailsOf)), count: rows.length, file_name: `products-${stamp}.csv` };
    },

    /**
     * Training mode's demo products (TRAINING_DEMO_PRODUCTS), added as 'system'
     * once per ledger: only while the table is empty and no earlier seed is in
     * the audit log, so demo products a trainer deleted stay deleted.
     */
    seedDemoProducts(products: readonly ProductInput[] = TRAINING_DEMO_PRODUCTS): number {
      if (store.count() > 0) return 0;
      if (audit.list({ action: 'products.seeded', limit: 1 }).length > 0) return 0;
      const seeded = products.map(validDetails);
      db.transaction(() => {
        const at = now();
        for (const details of seeded) store.insert(details, SYSTEM_ACTOR, at);
        audit.append({
          actor: SYSTEM_ACTOR,
          action: 'products.seeded',
          subject: null,
          details: { mode: 'training', product_codes: seeded.map((details) => details.product_code) },
        });
      }).immediate();
      changed(
        'seeded',
        seeded.map((details) => details.product_code),
      );
      return seeded.length;
    },
  };
}

export type ProductService = ReturnType<typeof createProductService>;
