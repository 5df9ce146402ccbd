import { createAuditLog } from '../../audit';
import type { SqliteDatabase } from '../../ledger';
import type { ColumnRole } from '../../packages';
import { createBatchStore } from '../batch-store';
import { createSegmentImporter, type SegmentImportOutcome } from '../import-segment';
import { createLookupBuilder, type LookupBuildOutcome, type LookupBuildProgress } from '../lookup-build';
import type { SegmentRow } from '../rows';

/**
 * The import's SQLite work, run on the import thread's own ledger connection
 * (worker-entry.ts) so the main thread stays free for IPC and scans; or
 * in-thread for in-memory ledgers. Requests, results and events are plain data.
 */
export type ImportThreadRequest =
  | {
      kind: 'import-segment';
      segment: SegmentRow;
      /** The package as downloaded: its base64 text, or that text's bytes (moved to the thread, not copied). */
      buffer: string | Uint8Array;
      service_key: string;
      /** The column mapping IT set by hand, or null to detect the layout. */
      columns: ColumnRole[] | null;
      failed_packages_dir: string | null;
    }
  | { kind: 'build-lookups'; application_id: number };

export type ImportThreadResult =
  { kind: 'import-segment'; outcome: SegmentImportOutcome } | { kind: 'build-lookups'; outcome: LookupBuildOutcome };

export type ImportThreadEvent =
  { kind: 'segment-progress'; codes_in_segment: number } | { kind: 'lookup-progress'; progress: LookupBuildProgress };

/** One handler per process side; the importer and builder are made once per connection. */
export function createImportTaskHandler(options: { now?: () => Date } = {}) {
  const now = options.now ?? (() => new Date());
  const perConnection = new WeakMap<SqliteDatabase, ReturnType<typeof servicesFor>>();

  function servicesFor(db: SqliteDatabase, failedPackagesDir: string | null) {
    const store = createBatchStore(db);
    const audit = createAuditLog(db, { now });
    return {
      importer: createSegmentImporter({ db, store, audit, failedPackagesDir, now }),
      builder: createLookupBuilder({ db, audit, now }),
      failedPackagesDir,
    };
  }

  return (
    db: SqliteDatabase,
    request: ImportThreadRequest,
    emit: (event: ImportThreadEvent) => void,
    stopRequested: () => boolean,
  ): ImportThreadResult => {
    const failedDir = request.kind === 'import-segment' ? request.failed_packages_dir : null;
    let services = perConnection.get(db);
    if (!services || (request.kind === 'import-segment' && services.failedPackagesDir !== failedDir)) {
      services = servicesFor(db, failedDir);
      perConnection.set(db, services);
    }
    if (request.kind === 'import-segment') {
      const outcome = services.importer.importBuffer(
        request.segment,
        request.buffer,
        { serviceKey: request.service_key, columns: request.columns },
        ({ codesInSegment }) => emit({ kind: 'segment-progress', codes_in_segment: codesInSegment }),
      );
      return { kind: 'import-segment', outcome };
    }
    const outcome = services.builder.build(
      request.application_id,
      (progress) => emit({ kind: 'lookup-progress', progress }),
      stopRequested,
    );
    return { kind: 'build-lookups', outcome };
  };
}
