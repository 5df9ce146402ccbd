/**
 * Child-process entry of `bench/import.ts`: the WeChat simulator on 127.0.0.1 with
 * the settings the benchmark needs (finishes at once, 50,000-code segments, layout
 * `index_code_url`, state in memory), so that building and encrypting packages does
 * not count against the importer's RSS and CPU. Prints one JSON line with its URL
 * and the demo credentials, then serves until SIGTERM/SIGINT or until stdin closes
 * (the parent died).
 */
import { DEMO_ACCOUNT, startSimulator } from '../../src/main/simulator';

const sim = await startSimulator({ finishDelayMs: 0, segmentSize: 50_000, packageLayout: 'index_code_url', dbPath: ':memory:' });
process.stdout.write(
  JSON.stringify({ url: sim.baseUrl, appid: DEMO_ACCOUNT.appid, secret: DEMO_ACCOUNT.secret, serviceKey: DEMO_ACCOUNT.serviceKey }) + '\n',
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await sim.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
