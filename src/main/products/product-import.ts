/** CSV in and out: an import writes a wholly good plan or nothing; an export is what another station imports. */
import type { ImportRow, ProductExport, ProductImportReport } from '../../shared/products-contract';
import type { Actor } from '../supervisors/actor';
import type { ProductContext } from './product-context';
import { detailsOf } from './product-context';
import { formatProductsCsv } from './product-csv';
import { countOutcomes, planImport, type PlannedRow } from './product-import-plan';

/** Writes the planned rows (all good) and their audit entries; archived products stay archived. */
function writePlan(context: ProductContext, planned: readonly PlannedRow[], actor: Actor): void {
  const { store, audit } = context;
  const at = context.now();
  for (const row of planned) {
    if (!row.details) continue;
    const subject = `product:${row.details.product_code}`;
    if (row.outcome === 'added') {
      store.insert(row.details, actor, at);
      audit.append({ actor, action: 'product.added', subject, details: { ...row.details, via: 'csv_import', line: row.line } });
    } else if (row.outcome === 'updated') {
      const before = detailsOf(store.get(row.details.product_code)!);
      store.update(row.details, at);
      audit.append({
        actor,
        action: 'product.updated',
        subject,
        details: { changed: row.changed ?? [], before: { ...before }, after: { ...row.details }, via: 'csv_import', line: row.line },
      });
    }
  }
  const { added, updated, unchanged } = countOutcomes(planned);
  audit.append({ actor, action: 'products.imported', subject: null, details: { rows: planned.length, added, updated, unchanged } });
}

/**
 * Imports products from CSV, all or nothing: every row is checked first and
 * each bad one reported with its line and reasons; only a wholly good file
 * is written. Existing codes are updated when changed and not in use,
 * skipped when identical, and refused when in use and different.
 */
export function importProducts(context: ProductContext, text: string, actor: Actor): ProductImportReport {
  const planned = context.db
    .transaction(() => {
      // Planned inside the write transaction: nothing can change between checking and writing.
      const plan = planImport(text, (code) => context.store.get(code));
      if (plan.every((row) => row.outcome !== 'invalid')) writePlan(context, plan, actor);
      return plan;
    })
    .immediate();
  const rows: ImportRow[] = planned.map(({ line, product_code, outcome, problems }) => ({ line, product_code, outcome, problems }));
  const counts = countOutcomes(rows);
  const imported = counts.invalid === 0;
  if (imported) {
    const written = rows.filter((row) => row.outcome === 'added' || row.outcome === 'updated');
    context.changed(
      'imported',
      written.map((row) => row.product_code ?? ''),
    );
  }
  return { imported, ...counts, rows };
}

/** The products as CSV (active only unless `include_archived`), ready for import on another station. */
export function exportProducts(context: ProductContext, request: { include_archived?: boolean }): ProductExport {
  const rows = context.store.list(request.include_archived ?? false);
  const stamp = context.now().slice(0, 10);
  return { csv: formatProductsCsv(rows.map(detailsOf)), count: rows.length, file_name: `products-${stamp}.csv` };
}
