/** The one transaction that makes an export count: the print run, its audit entry and the manifest beside the file. */
import { basename } from 'node:path';
import type { AppMode } from '../../../shared/contract';
import type { AuditLog } from '../../audit';
import type { SqliteDatabase } from '../../ledger';
import type { Actor } from '../../supervisors/actor';
import type { ApplicationRow, PrintRunRow } from '../rows';
import type { PrintRunStore } from './print-run-store';
import { toPrintRun } from './print-run-store';
import type { ExportRequest, PrintRun, PrintRunManifest } from './types';
import { writeDurably } from './write-print-file';

export const PRINT_RUN_EXPORTED = 'print_run.exported';

export interface WrittenExport {
  request: ExportRequest;
  application: ApplicationRow;
  /** Fields the `extra` column was written as; 0 when it was not asked for. */
  extraColumns: number;
  /** The file as written (absolute). */
  target: string;
  manifestPath: string;
  fileSha256: string;
  actor: Actor;
  /** Training's manifest says so; Live's is unchanged. */
  mode: AppMode;
}

/** Records the run and writes its manifest, in one IMMEDIATE transaction: if the manifest fails, the run is rolled back. */
export function recordPrintRun(
  db: SqliteDatabase,
  runs: PrintRunStore,
  audit: AuditLog,
  now: () => Date,
  written: WrittenExport,
): PrintRun {
  const { request, target, fileSha256, actor } = written;
  return db
    .transaction((): PrintRun => {
      const created_at = now().toISOString();
      const fields: Omit<PrintRunRow, 'id'> = {
        application_id: request.application_id,
        code_start: request.code_start,
        code_end: request.code_end,
        count: request.code_end - request.code_start + 1,
        format: request.format,
        columns: request.columns.join(','),
        header: request.header ? 1 : 0,
        line_ending: request.line_ending,
        file_path: target,
        file_sha256: fileSha256,
        actor,
        created_at,
      };
      const id = runs.insert(fields);
      const described = {
        code_start: request.code_start,
        code_end: request.code_end,
        count: fields.count,
        format: request.format,
        columns: [...request.columns],
        header: request.header,
        line_ending: request.line_ending,
        file: basename(target),
        file_sha256: fileSha256,
      };
      const recorded = audit.append({
        actor,
        action: PRINT_RUN_EXPORTED,
        subject: `application:${request.application_id}`,
        details: { print_run_id: id, ...described },
      });
      const manifest: PrintRunManifest = {
        product: 'Marketcode Station',
        application_id: request.application_id,
        isv_application_id: written.application.isv_application_id,
        ...described,
        exported_at: created_at,
        print_run_id: id,
        // The head right after this export's own entry: a later rewrite of the chain no longer matches it.
        audit_head: { seq: recorded.seq, hash: recorded.hash },
        ...(written.extraColumns > 0 ? { extra_columns: written.extraColumns } : {}),
        ...(written.mode === 'training' ? { mode: 'training' as const } : {}),
      };
      // Written inside the transaction: if it fails the run is rolled back; if the commit fails the caller removes it.
      writeDurably(written.manifestPath, JSON.stringify(manifest, null, 2) + '\n');
      return toPrintRun({ id, ...fields });
    })
    .immediate();
}
