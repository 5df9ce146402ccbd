/**
 * `npm run harness`: serves the built renderer with the real services so a
 * person (or a screenshot script) can use the app in any browser. Ctrl+C stops it.
 */
import { startHarness } from './harness-server';

const dataDir = process.env.MARKETCODE_HOME;
const port = Number(process.env.HARNESS_PORT ?? 5180);
const harness = await startHarness({ ...(dataDir ? { dataDir } : {}), port });
process.stdout.write(`Marketcode Station harness at ${harness.url} (data: ${harness.dataDir}). Open it in a browser; Ctrl+C stops it.\n`);
const stop = () => void harness.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
