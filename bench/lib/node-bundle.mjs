import { buildSync } from 'esbuild';

/** Bundles a TypeScript entry for plain Node (dependencies stay in node_modules), as electron-vite does for the app. */
export function bundleForNode(entry, outfile) {
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}
