// Runs a bench from an esbuild bundle under plain Node. The app's main process
// carries no TypeScript loader, so neither should a process whose memory a
// bench reports (tsx adds about 40 MB). The bundle is written next to the bench's
// own modules so their `new URL('./…', import.meta.url)` paths still resolve.
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './lib/node-bundle.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bench/run-bundled.mjs <bench entry .ts> [arguments…]');
  process.exit(2);
}
const outfile = fileURLToPath(new URL(`./lib/.bundled-${basename(entry, '.ts')}.mjs`, import.meta.url));
bundleForNode(entry, outfile);
process.argv = [process.argv[0], outfile, ...args];
await import(outfile);
