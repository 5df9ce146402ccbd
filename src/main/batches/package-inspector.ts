/**
 * `package inspect` and the Batches screen's "Inspect" (issue 13): a segment's package —
 * its kept download when the import failed, else downloaded again — or a kept file,
 * decrypted and described (packages/inspect.ts) with the importer's verdict, using the
 * layout set for the account. Nothing is written to the ledger.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { batchErrors } from '../../shared/error-catalogue/batches';
import type { ActiveConnection } from '../connection';
import { inspectPackage, type ColumnRole, type PackageInspection, type PackageSegmentRange } from '../packages';
import type { BatchStore } from './batch-store';
import type { PackageLayoutSetting } from './package-layout-setting';

export interface PackageInspector {
  /** A package file (base64 as downloaded), its segment read from its name `<application>-<code_start>-<code_end>.b64`. */
  inspectFile(path: string, columns?: readonly ColumnRole[] | null): Promise<PackageInspection>;
  /** A segment of the ledger: its kept download if there is one, else downloaded now. */
  inspectSegment(applicationId: number, codeStart: number, columns?: readonly ColumnRole[] | null): Promise<PackageInspection>;
}

export interface PackageInspectorOptions {
  store: BatchStore;
  connection: () => Promise<ActiveConnection>;
  packageLayouts: PackageLayoutSetting;
}

const KEPT_FILE_NAME = /^(\d+)-(\d+)-(\d+)\.b64$/;

/** The segment a kept download's file name states, or undefined. */
export function rangeOfKeptFile(path: string): PackageSegmentRange | undefined {
  const match = KEPT_FILE_NAME.exec(basename(path));
  if (!match) return undefined;
  const [applicationId, codeStart, codeEnd] = match.slice(1).map(Number) as [number, number, number];
  return codeEnd >= codeStart ? { applicationId, codeStart, codeEnd } : undefined;
}

function readKept(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw batchErrors.PACKAGE_FILE_UNREADABLE({ path, reason });
  }
}

export function createPackageInspector(options: PackageInspectorOptions): PackageInspector {
  /** The mapping asked for, else the account's (undefined: not given). */
  const mappingFor = (connection: ActiveConnection, columns: readonly ColumnRole[] | null | undefined) =>
    columns !== undefined ? columns : options.packageLayouts.read(connection.account);

  return {
    async inspectFile(path, columns) {
      const range = rangeOfKeptFile(path);
      if (!range) throw batchErrors.PACKAGE_FILE_UNREADABLE({ path, reason: 'name is not <application>-<code_start>-<code_end>.b64' });
      const base64 = readKept(path);
      const connection = await options.connection();
      return inspectPackage(base64, connection.serviceKey, range, mappingFor(connection, columns));
    },
    async inspectSegment(applicationId, codeStart, columns) {
      const segment = options.store.segment(applicationId, codeStart);
      if (!segment) throw batchErrors.SEGMENT_NOT_FOUND({ application_id: applicationId, code_start: codeStart });
      const range = { applicationId, codeStart, codeEnd: segment.code_end };
      const connection = await options.connection();
      let base64: string;
      if (segment.kept_buffer_path) {
        base64 = readKept(segment.kept_buffer_path);
      } else {
        const downloaded = await connection.client.downloadSegment({
          application_id: applicationId,
          code_start: codeStart,
          code_end: segment.code_end,
        });
        base64 = downloaded.buffer;
      }
      return inspectPackage(base64, connection.serviceKey, range, mappingFor(connection, columns));
    },
  };
}
