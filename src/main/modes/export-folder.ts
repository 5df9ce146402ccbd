import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChooseExportPath } from '../bridge';

/**
 * Without a dialog (CLI, harness) exports land in the mode's export folder (`<dataDir>/exports/` for Live,
 * `<dataDir>/training/exports/` for Training; a temp folder for an in-memory ledger), never over an earlier file.
 */
export function defaultExportPath(exportFolder: string | null): ChooseExportPath {
  return async (suggestedName) => {
    const folder = exportFolder ?? join(tmpdir(), 'exports');
    mkdirSync(folder, { recursive: true });
    const dot = suggestedName.lastIndexOf('.');
    for (let copy = 1; ; copy += 1) {
      const name = copy === 1 ? suggestedName : `${suggestedName.slice(0, dot)}-${copy}${suggestedName.slice(dot)}`;
      const path = join(folder, name);
      if (!existsSync(path) && !existsSync(`${path}.partial`)) return path;
    }
  };
}
