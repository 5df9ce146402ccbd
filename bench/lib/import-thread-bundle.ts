import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleForNode } from './node-bundle.mjs';

/**
 * The import thread's entry bundled to plain JavaScript, as electron-vite emits
 * it for the app (out/main/import-thread.js). The bench runs the thread from it
 * so its memory is the app's, not the TypeScript loader's (about 25 MB more).
 * Written under node_modules/.cache so `better-sqlite3` resolves from it.
 */
export function bundleImportThread(): URL {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const folder = `${root}node_modules/.cache/marketcode-bench`;
  mkdirSync(folder, { recursive: true });
  const outfile = `${folder}/import-thread.mjs`;
  bundleForNode(`${root}src/main/batches/import-thread/worker-entry.ts`, outfile);

  return pathToFileURL(outfile);
}
