/**
 * One worker entry, three runtimes. The sources run as TypeScript under vitest
 * and under the tsx CLI; Electron runs the electron-vite bundle in `out/main/`.
 * Which one we are in is read off this module's own URL: `.ts` means sources.
 */

/** Where to find a worker entry module in each runtime. */
export interface WorkerEntry {
  /** The TypeScript entry, written in the caller as `new URL('./x-entry.ts', import.meta.url)`. */
  readonly source: URL;
  /**
   * The emitted entry's file name next to `out/main/index.js` (an input of the
   * main build in `electron.vite.config.ts`), e.g. `'import-thread.js'`.
   */
  readonly built: string;
}

/** How to construct the `Worker`: a file to run, or bootstrap code to `eval`. */
export type WorkerStart =
  { readonly runtime: 'bundle'; readonly filename: URL } | { readonly runtime: 'source'; readonly code: string; readonly entry: URL };

const TYPESCRIPT_MODULE = /\.[cm]?tsx?$/;

/**
 * `runningFrom` is this module's URL; tests pass another to pick a runtime.
 *
 * Sources: Node 20 does not apply `--import tsx` inside a worker (tsx only
 * registers its hooks on the main thread there, and loader flags in a worker's
 * `execArgv` are not honoured on 20), so the worker gets a two-line bootstrap
 * that registers tsx in the worker itself and then imports the `.ts` entry.
 */
export function resolveWorkerEntry(entry: WorkerEntry, runningFrom: string = import.meta.url): WorkerStart {
  const here = new URL(runningFrom);
  if (TYPESCRIPT_MODULE.test(here.pathname)) {
    // Resolved here, not in the worker, so it works whatever the cwd is.
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.source.href)}); });`;
    return { runtime: 'source', code, entry: entry.source };
  }
  // Every main-process chunk is emitted flat into out/main (see the config), so
  // this module's directory is the bundle's directory.
  return { runtime: 'bundle', filename: new URL(entry.built, here) };
}
